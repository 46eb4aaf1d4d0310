import { NeedLogged, type IntakeApi } from '@sanshe/contracts';
import { createEvent, forbidden, newCaseNumber, newId, type Cause, type Clock, type Principal } from '@sanshe/platform';
import type { Need } from '../domain/need';
import type { NeedsRepository } from '../adapters/store/needs-repository';
import { SOURCE } from './source';

/** 首问负责: whoever logs the need owns it; staff may log only for the communities they serve. */
export async function logNeed(
  deps: { needs: NeedsRepository; clock: Clock },
  actor: Principal,
  input: IntakeApi.LogNeedRequest,
  cause: Cause,
): Promise<Need> {
  if (!actor.roles.includes('admin') && !actor.communities.includes(input.communityCode)) {
    throw forbidden(`you do not serve community ${input.communityCode}`);
  }
  const now = deps.clock.now();
  const need: Need = {
    _id: newId(),
    caseNumber: newCaseNumber(now),
    ...input,
    status: 'logged',
    timeline: [{ status: 'logged', at: now.toISOString(), cause: `request:${cause.correlationId}` }],
    loggedBy: actor.sub,
    loggedAt: now.toISOString(),
  };
  const event = createEvent(NeedLogged, {
    source: SOURCE,
    subject: need._id,
    now,
    cause,
    data: {
      needId: need._id,
      caseNumber: need.caseNumber,
      category: need.category,
      communityCode: need.communityCode,
      gridCode: need.gridCode,
      urgency: need.urgency,
      beneficiaryCount: need.beneficiaryCount,
      loggedAt: need.loggedAt,
    },
  });
  await deps.needs.insert(need, [event]);
  return need;
}
