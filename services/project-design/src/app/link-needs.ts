import { forbidden, unprocessable, type Principal } from '@sanshe/platform';
import { canAuthor } from '../domain/access';
import { needProblems, servedAreas, type ProjectArea } from '../domain/project';
import type { KnownNeed } from '../adapters/store/open-needs';
import type { DesignDeps } from './deps';
import { RECONCILE_JOB } from './source';

/**
 * The needs a project is to link and the areas it then serves: those of its needs and
 * the extra communities named (each must be known from intake's events, which is where
 * its street and district come from).
 */
export async function resolveLinks(
  deps: Pick<DesignDeps, 'openNeeds'>,
  actor: Principal,
  input: { category: string; needIds: readonly string[]; extraCommunityCodes: readonly string[] },
  projectId: string | null,
): Promise<{ needs: KnownNeed[]; served: ReturnType<typeof servedAreas> }> {
  const needs = await deps.openNeeds.find({
    _id: { $in: [...input.needIds] },
    closed: false,
    caseNumber: { $exists: true },
  });
  const problems = needProblems(input.category, input.needIds, needs, projectId);
  if (problems.length > 0) throw unprocessable('DESIGN.NEEDS_NOT_AVAILABLE', 'some needs cannot be linked', problems);
  const areas: ProjectArea[] = needs.map(areaOf);
  for (const [i, code] of input.extraCommunityCodes.entries()) {
    if (areas.some((a) => a.communityCode === code)) continue;
    const known = await deps.openNeeds.someOfCommunity(code);
    if (!known) {
      throw unprocessable('DESIGN.UNKNOWN_COMMUNITY', 'a community served must be known from its needs', [
        { field: `communityCodes.${i}`, reason: 'no need was ever logged in this community' },
      ]);
    }
    areas.push(areaOf(known));
  }
  const served = servedAreas(areas);
  if (!canAuthor(actor, served)) throw forbidden('a project may only serve communities you serve');
  return { needs, served };
}

const areaOf = (n: KnownNeed): ProjectArea => ({
  communityCode: n.communityCode,
  streetCode: n.streetCode ?? null,
  districtCode: n.districtCode ?? null,
});

/**
 * Claims needs for a project, all or none: if one was taken meanwhile, the ones
 * claimed here are released and the caller gets a 422.
 */
export async function claimAll(
  deps: Pick<DesignDeps, 'openNeeds'>,
  projectId: string,
  needIds: readonly string[],
  at: string,
  fieldOf: (needId: string) => string,
): Promise<void> {
  const claimed: string[] = [];
  for (const needId of needIds) {
    if (!(await deps.openNeeds.claim(needId, projectId, at))) {
      await Promise.all(claimed.map((id) => deps.openNeeds.release(id, projectId)));
      throw unprocessable('DESIGN.NEEDS_NOT_AVAILABLE', 'a need was just linked to another project', [
        { field: fieldOf(needId), reason: 'already linked to another project' },
      ]);
    }
    claimed.push(needId);
  }
}

/**
 * Jobs first: before a change that spans documents (needs, programme, project), a
 * check is scheduled that releases whatever a crash in the middle would leave held.
 */
export async function scheduleReconcile(
  deps: Pick<DesignDeps, 'jobs' | 'clock' | 'settings'>,
  projectId: string,
  tag: string,
): Promise<void> {
  await deps.jobs.schedule({
    name: RECONCILE_JOB,
    payload: { projectId },
    runAt: new Date(deps.clock.now().getTime() + deps.settings.reconcileAfterSeconds * 1000),
    jobId: `${RECONCILE_JOB}:${projectId}:${tag}`,
  });
}
