import type { NeedLogged, NeedStatus, TypedEnvelope } from '@sanshe/contracts';
import type { DesignDeps } from './deps';

/** The open-needs read model takes intake's facts: what a need is (logged) and where it stands (status). */
export async function recordNeedLogged(deps: Pick<DesignDeps, 'openNeeds'>, event: TypedEnvelope<typeof NeedLogged>) {
  const d = event.data;
  await deps.openNeeds.recordLogged({
    needId: d.needId,
    caseNumber: d.caseNumber,
    category: d.category,
    districtCode: d.districtCode ?? null,
    streetCode: d.streetCode ?? null,
    communityCode: d.communityCode,
    gridCode: d.gridCode,
    urgency: d.urgency,
    beneficiaryCount: d.beneficiaryCount,
    beneficiaryGroups: d.beneficiaryGroups,
    loggedAt: d.loggedAt,
  });
}

export async function recordNeedStatus(
  deps: Pick<DesignDeps, 'openNeeds'>,
  needId: string,
  status: NeedStatus,
  at: string,
): Promise<void> {
  await deps.openNeeds.recordStatus(needId, status, at);
}
