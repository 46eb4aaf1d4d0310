import type { FundingMode } from '@sanshe/contracts';

export interface ReservationRecord {
  amountFen: number;
  status: 'held' | 'released';
  reservedAt: string;
  reservedBy: string;
  releasedAt: string | null;
  releaseReason: string | null;
}

export interface LedgerEntry {
  projectId: string;
  kind: 'reserve' | 'release';
  amountFen: number;
  at: string;
  by: string;
  reason: string;
}

/**
 * A funding programme of one funder and fiscal year. `availableFen` is the guarded
 * figure: a reservation is a single write that only matches while enough is
 * available, so concurrent approvals can never over-commit it. Reservations are
 * keyed by project, so reserving or releasing twice for one project changes nothing.
 */
export interface Programme {
  _id: string;
  name: string;
  funderCode: string;
  funderName: string;
  fiscalYear: number;
  mode: FundingMode;
  budgetFen: number;
  reservedFen: number;
  availableFen: number;
  matchingPercent: number;
  maxGrantFen: number | null;
  areaCodes: string[];
  status: 'open' | 'closed';
  reservations: Record<string, ReservationRecord>;
  ledger: LedgerEntry[];
  createdBy: string;
  createdAt: string;
  demo?: boolean;
}

/** What is held for a project now (0 when nothing is). */
export function heldFor(programme: Pick<Programme, 'reservations'>, projectId: string): number {
  const reservation = programme.reservations[projectId];
  return reservation?.status === 'held' ? reservation.amountFen : 0;
}

/** budget = reserved + available, and reserved = the sum of held reservations; null when it holds. */
export function invariantProblem(
  programme: Pick<Programme, 'budgetFen' | 'reservedFen' | 'availableFen' | 'reservations'>,
): string | null {
  if (programme.availableFen < 0) return `over-committed by ${-programme.availableFen} fen`;
  if (programme.reservedFen + programme.availableFen !== programme.budgetFen) {
    return 'reserved and available do not add up to the budget';
  }
  const held = Object.values(programme.reservations)
    .filter((r) => r.status === 'held')
    .reduce((sum, r) => sum + r.amountFen, 0);
  return held === programme.reservedFen ? null : 'the held reservations do not add up to the reserved figure';
}
