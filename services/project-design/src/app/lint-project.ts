import { conflict, unprocessable } from '@sanshe/platform';
import { lintProject, type Lintable, type ProgrammeFacts, type Violation } from '../domain/lint';
import { heldFor } from '../domain/programme';
import type { PolicyDocument } from '../adapters/store/reference-data';
import type { DesignDeps } from './deps';

export interface LintOutcome {
  violations: Violation[];
  policy: PolicyDocument;
  checkedAt: string;
}

/**
 * Lints a project against the policy version in force now and its programme as it
 * stands now. `bidDeadline` is given only when publishing; `except` leaves rules out
 * (approval leaves the budget to the reservation, which decides it atomically).
 */
export async function lintNow(
  deps: Pick<DesignDeps, 'reference' | 'programmes' | 'clock'>,
  project: Lintable & { _id: string },
  options: { bidDeadline?: string | null; except?: readonly string[] } = {},
): Promise<LintOutcome> {
  const now = deps.clock.now();
  const policy = await deps.reference.policyInForce(now);
  if (!policy)
    throw conflict('DESIGN.NO_POLICY_IN_FORCE', 'no policy version is in force yet; an administrator must add one');
  const programme = project.programmeId ? await deps.programmes.get(project.programmeId) : null;
  const facts: ProgrammeFacts | null = programme && {
    programmeId: programme._id,
    mode: programme.mode,
    fiscalYear: programme.fiscalYear,
    status: programme.status,
    availableFen: programme.availableFen,
    heldForProject: heldFor(programme, project._id),
    matchingPercent: programme.matchingPercent,
    maxGrantFen: programme.maxGrantFen,
    areaCodes: programme.areaCodes,
  };
  const ctx = { now, policy: policy.values, programme: facts, bidDeadline: options.bidDeadline ?? null };
  const violations = lintProject(project, ctx, options.except);
  return { violations, policy, checkedAt: now.toISOString() };
}

/** 422 listing every violation as `rule: message` against its field. */
export function policyViolations(violations: readonly Violation[]) {
  return unprocessable(
    'DESIGN.POLICY_VIOLATIONS',
    `the project breaks ${violations.length} rule(s) of the policy in force; see POST …/lint`,
    violations.map((v) => ({ field: v.field, reason: `${v.rule}: ${v.message}` })),
  );
}
