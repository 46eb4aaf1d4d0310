/**
 * An organisation's performance rating, from how its contracts on the platform ended:
 * fulfilment's performance score (0–100) when a contract completes, and terminations.
 *
 * - `meanScore`: the plain mean of the completed contracts' scores (fulfilment's figure,
 *   untouched), so a person can compare it with what fulfilment shows per contract.
 * - `score`: the rating proper, a recency-weighted mean over every closed contract in
 *   which a termination counts as 0. The weight halves every `halfLife` contracts, counted
 *   back from the latest closed one. Chosen over "the last N scores" because it has no
 *   cliff (the (N+1)th contract does not suddenly stop counting when an unrelated one
 *   closes), uses the whole record, lets recent work dominate so an organisation can
 *   recover, and depends on the order of the contracts only, not on the clock: it changes
 *   only when an event arrives, reads the same after a replay, and a quiet year does not
 *   wash out a record.
 * - A termination is a strong negative signal: fulfilment terminates only on an official's
 *   decision with a reason, and the platform cannot tell the organisation's fault from a
 *   project cancelled under it, so every termination counts as 0 and is listed with its
 *   reason for people to judge.
 */
export const RATING_RULE = {
  halfLife: 5,
  terminationScore: 0,
  /** How many of the latest closed contracts are listed with the rating. */
  recent: 5,
  /** Recommendations pull a thin record toward neutral as if it had this weight of 50s. */
  priorWeight: 1,
  neutral: 50,
} as const;

export type OutcomeKind = 'completed' | 'terminated';

export interface Outcome {
  contractId: string;
  outcome: OutcomeKind;
  /** The performance score; null for a termination. */
  score: number | null;
  /** When the contract completed or was terminated. */
  at: string;
  reason: string | null;
}

export interface Rating {
  completedContracts: number;
  terminatedContracts: number;
  meanScore: number | null;
  score: number | null;
  recent: Outcome[];
  /** Σ of the recency weights: how much evidence `score` rests on. */
  weight: number;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/** Latest first (as instants: events may carry different offsets); ties by contract id so that the order is stable. */
const latestFirst = (a: Outcome, b: Outcome) =>
  Date.parse(b.at) - Date.parse(a.at) || a.contractId.localeCompare(b.contractId);

export function rate(outcomes: readonly Outcome[]): Rating {
  const ordered = [...outcomes].sort(latestFirst);
  const completed = ordered.filter((o) => o.outcome === 'completed');
  let sum = 0;
  let weight = 0;
  ordered.forEach((o, k) => {
    const w = 0.5 ** (k / RATING_RULE.halfLife);
    sum += w * valueOf(o);
    weight += w;
  });
  return {
    completedContracts: completed.length,
    terminatedContracts: ordered.length - completed.length,
    meanScore: completed.length === 0 ? null : r1(completed.reduce((s, o) => s + (o.score ?? 0), 0) / completed.length),
    score: weight === 0 ? null : r1(sum / weight),
    recent: ordered.slice(0, RATING_RULE.recent),
    weight,
  };
}

function valueOf(o: Outcome): number {
  return o.outcome === 'terminated' ? RATING_RULE.terminationScore : (o.score ?? RATING_RULE.terminationScore);
}

/**
 * The rating as a recommendation factor (0–1): pulled toward neutral by `priorWeight`,
 * so one excellent contract does not outrank a long good record, nor one bad one sink a
 * newcomer below an organisation without any record. Null without a closed contract.
 */
export function ratingFactor(rating: Rating): number | null {
  if (rating.score === null) return null;
  const { priorWeight, neutral } = RATING_RULE;
  const pulled = (rating.score * rating.weight + neutral * priorWeight) / (rating.weight + priorWeight);
  return Math.round(pulled * 10) / 1000;
}
