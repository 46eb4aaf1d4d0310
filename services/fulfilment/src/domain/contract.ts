import { splitByPercent, type MilestoneKind, type TrancheTerm } from '@sanshe/contracts';

export interface Milestone {
  milestoneId: string;
  kind: MilestoneKind;
  status: 'pending' | 'accepted';
  acceptedAt: string | null;
}

export interface Tranche extends TrancheTerm {
  trancheId: string;
  amountFen: number;
  status: 'scheduled' | 'disbursed';
  disbursedAt: string | null;
}

export interface Contract {
  _id: string;
  tenderId: string;
  projectId: string;
  organisationId: string;
  organisationName: string;
  title: string;
  needIds: string[];
  valueFen: number;
  disbursedFen: number;
  status: 'active' | 'completed';
  milestones: Milestone[];
  tranches: Tranche[];
  fulfilledNeedIds: string[];
  signedAt: string;
}

/** Milestones for every gate the tranches name, and tranche amounts that add up to the value exactly. */
export function planContract(
  valueFen: number,
  terms: readonly TrancheTerm[],
  newId: () => string,
): Pick<Contract, 'milestones' | 'tranches'> {
  const total = terms.reduce((sum, t) => sum + t.percent, 0);
  if (total !== 100) throw new Error(`tranches must sum to 100%, not ${total}%`);
  const kinds = [...new Set(terms.map((t) => t.milestone))];
  const amounts = splitByPercent(
    valueFen,
    terms.map((t) => t.percent),
  );
  return {
    milestones: kinds.map((kind) => ({ milestoneId: newId(), kind, status: 'pending', acceptedAt: null })),
    tranches: terms.map((t, i) => ({
      ...t,
      trancheId: newId(),
      amountFen: amounts[i] ?? 0,
      status: 'scheduled',
      disbursedAt: null,
    })),
  };
}

/** Null when the tranche may be paid now; otherwise why not. */
export function disbursementProblem(
  contract: Pick<Contract, 'milestones' | 'tranches' | 'valueFen' | 'disbursedFen'>,
  trancheId: string,
): string | null {
  const tranche = contract.tranches.find((t) => t.trancheId === trancheId);
  if (!tranche) return 'no such tranche';
  if (tranche.status === 'disbursed') return 'this tranche has already been paid';
  const gate = contract.milestones.find((m) => m.kind === tranche.milestone);
  if (!gate || gate.status !== 'accepted') return `the ${tranche.milestone} milestone has not been accepted`;
  if (contract.disbursedFen + tranche.amountFen > contract.valueFen) return 'payments would exceed the contract value';
  return null;
}
