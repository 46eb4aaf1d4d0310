import type { ProcurementMethod } from '@sanshe/contracts';

/**
 * The procurement rules in force from a date. A tender keeps a copy of the policy in
 * force when it opened, so a later change never alters a running procedure.
 */
export interface ProcurementPolicy {
  effectiveFrom: string;
  /** Price weight of service procurement, in points out of 100 (at least 10 under current rules). */
  minPriceWeight: number;
  /** Used when a project gives no evaluation criteria. */
  defaultPriceWeight: number;
  /** 流标 below this many qualified bids; competitive consultation may continue with 2. */
  minQualifiedBids: Record<ProcurementMethod, number>;
  tenderPeriodSeconds: number;
  /** Enquiries close this long before the bid deadline (at most half the tender period). */
  enquiryLeadSeconds: number;
  /** After an award is proposed, bidders may complain for this long before it takes effect. */
  standstillSeconds: number;
  minEvaluators: number;
  /** An evaluator's score is an outlier beyond this many standard deviations (with 5+ evaluators)… */
  outlierStandardDeviations: number;
  /** …or this many points away from the mean of the other evaluators. */
  outlierGapPoints: number;
}

export type TenderPolicy = Omit<ProcurementPolicy, 'effectiveFrom'> & { effectiveFrom: string };

/** The policy in force at `at`: the latest whose effective date is not after it. */
export function policyAt(policies: readonly ProcurementPolicy[], at: Date): ProcurementPolicy {
  const inForce = [...policies]
    .filter((p) => new Date(p.effectiveFrom).getTime() <= at.getTime())
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const policy = inForce[inForce.length - 1];
  if (!policy) throw new Error(`no procurement policy is in force at ${at.toISOString()}`);
  return policy;
}
