import type { DesignApi } from '@sanshe/contracts';
import { conflict, DuplicateKeyError, unprocessable, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import { policyIdOf, type PolicyVersion } from '../domain/policy';
import type { DesignDeps } from './deps';

/**
 * Adds a policy version effective from a future instant (or now). Past instants are
 * refused: a rule changed retroactively would make earlier decisions unexplainable.
 */
export async function addPolicyVersion(
  deps: Pick<DesignDeps, 'reference' | 'clock'>,
  actor: Principal,
  input: z.infer<typeof DesignApi.CreatePolicyVersionRequest>,
): Promise<PolicyVersion> {
  const now = deps.clock.now();
  const effectiveFrom = policyIdOf(input.effectiveFrom);
  if (new Date(effectiveFrom).getTime() < now.getTime()) {
    throw unprocessable('DESIGN.POLICY_RETROACTIVE', 'a policy version cannot take effect in the past', [
      { field: 'effectiveFrom', reason: `must be ${now.toISOString()} or later` },
    ]);
  }
  const version: PolicyVersion = {
    _id: effectiveFrom,
    effectiveFrom,
    values: input.values,
    note: input.note,
    createdBy: actor.sub,
    createdAt: now.toISOString(),
  };
  try {
    await deps.reference.policies.insertOne(version);
  } catch (error) {
    if (error instanceof DuplicateKeyError)
      throw conflict('DESIGN.POLICY_EXISTS', `a version already takes effect at ${effectiveFrom}`);
    throw error;
  }
  return version;
}
