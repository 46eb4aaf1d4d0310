import type { DesignApi } from '@sanshe/contracts';

export type PolicyValues = DesignApi.PolicyValues;

/** A set of policy values and the instant from which it applies; a later version supersedes it. */
export interface PolicyVersion {
  _id: string;
  effectiveFrom: string;
  values: PolicyValues;
  note: string;
  createdBy: string;
  createdAt: string;
}

/** The version in force at `at`: the latest whose effective date has come. */
export function versionInForce<T extends Pick<PolicyVersion, 'effectiveFrom'>>(
  versions: readonly T[],
  at: Date,
): T | null {
  let best: T | null = null;
  for (const version of versions) {
    const from = new Date(version.effectiveFrom).getTime();
    if (from > at.getTime()) continue;
    if (!best || from > new Date(best.effectiveFrom).getTime()) best = version;
  }
  return best;
}

/** Policy ids are the effective instant, so two versions can never claim the same moment. */
export function policyIdOf(effectiveFrom: string): string {
  return new Date(effectiveFrom).toISOString();
}
