import { splitByPercent, type MilestoneKind, type TerminationFault, type TrancheTerm } from '@sanshe/contracts';
import type { BudgetLine, ExpenseLine } from './budget';

export interface Milestone {
  milestoneId: string;
  kind: MilestoneKind;
  /** `failed`: an evaluation failed the gate; it holds its tranches until a remediation is accepted. */
  status: 'pending' | 'accepted' | 'failed';
  acceptedAt: string | null;
}

export interface Tranche extends TrancheTerm {
  trancheId: string;
  amountFen: number;
  status: 'scheduled' | 'disbursed' | 'cancelled';
  disbursedAt: string | null;
  approvedBy?: string | null;
}

export interface Evaluation {
  evaluationId: string;
  milestoneId: string;
  kind: MilestoneKind;
  score: number;
  passed: boolean;
  summary: string;
  evaluatedBy: string;
  evaluatedAt: string;
}

export interface Remediation {
  remediationId: string;
  milestoneId: string;
  plan: string;
  submittedBy: string;
  submittedAt: string;
  status: 'submitted' | 'accepted' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string;
}

export interface Amendment {
  revision: number;
  reason: string;
  previousValueFen: number;
  valueFen: number;
  previousEndDate: string;
  endDate: string;
  amendedBy: string;
  amendedAt: string;
}

export type ContractSource =
  | { kind: 'tender'; tenderId: string; awardId: string }
  | { kind: 'grant'; roundId: string; grantId: string; programmeId: string | null };

export interface Contract {
  _id: string;
  /** `tender:<tenderId>` or `grant:<grantId>`: unique, so a redelivered award is a no-op. */
  awardKey: string;
  source: ContractSource;
  /** Set for contracts from tenders; null for grants. */
  tenderId: string | null;
  projectId: string | null;
  organisationId: string;
  organisationName: string;
  title: string;
  category: string;
  needIds: string[];
  valueFen: number;
  disbursedFen: number;
  status: 'active' | 'completed' | 'terminated';
  period: { startDate: string; endDate: string };
  milestones: Milestone[];
  tranches: Tranche[];
  fulfilledNeedIds: string[];
  signedAt: string;
  /** 1 when signed; each amendment adds one. */
  revision: number;
  amendments: Amendment[];
  evaluations: Evaluation[];
  remediations: Remediation[];
  /** `fault` is absent on contracts terminated before it was recorded. */
  termination: { reason: string; fault?: TerminationFault; terminatedBy: string; terminatedAt: string } | null;
  /** Per need, the code its resident shows a visiting social worker; never in a view or event. */
  residentCodes?: Record<string, string>;
  completion?: { performanceScore: number; components: PerformanceComponents; completedAt: string } | null;
  budgetLines?: BudgetLine[];
  spentByLine?: Record<string, number>;
  expenseReports?: ExpenseReport[];
}

export interface ExpenseReport {
  reportId: string;
  period: string;
  lines: ExpenseLine[];
  totalFen: number;
  note: string;
  reportedBy: string;
  reportedAt: string;
  /** Codes of the lines this report took past the allowed variance. */
  alerts: string[];
}

const GATE_ORDER: readonly MilestoneKind[] = ['signing', 'mid_term_evaluation', 'final_acceptance'];
/** Gates that only an evaluation (score, pass/fail) can open. */
export const EVALUATED_GATES: readonly MilestoneKind[] = ['mid_term_evaluation', 'final_acceptance'];

/** Milestones for every gate the tranches name, and tranche amounts that add up to the value exactly. */
export function planContract(
  valueFen: number,
  terms: readonly TrancheTerm[],
  newId: () => string,
): Pick<Contract, 'milestones' | 'tranches'> {
  const total = terms.reduce((sum, t) => sum + t.percent, 0);
  if (total !== 100) throw new Error(`tranches must sum to 100%, not ${total}%`);
  const kinds = [...new Set(terms.map((t) => t.milestone))].sort(
    (a, b) => GATE_ORDER.indexOf(a) - GATE_ORDER.indexOf(b),
  );
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
      approvedBy: null,
    })),
  };
}

/** Null when the tranche may be paid now; otherwise why not. */
export function disbursementProblem(
  contract: Pick<Contract, 'milestones' | 'tranches' | 'valueFen' | 'disbursedFen'> & { status?: Contract['status'] },
  trancheId: string,
): string | null {
  const tranche = contract.tranches.find((t) => t.trancheId === trancheId);
  if (!tranche) return 'no such tranche';
  if (tranche.status === 'disbursed') return 'this tranche has already been paid';
  if (tranche.status === 'cancelled' || contract.status === 'terminated') return 'the contract was terminated';
  const gate = contract.milestones.find((m) => m.kind === tranche.milestone);
  if (gate?.status === 'failed')
    return `held: the ${tranche.milestone} gate failed and no remediation has been accepted`;
  if (!gate || gate.status !== 'accepted') return `the ${tranche.milestone} milestone has not been accepted`;
  if (contract.disbursedFen + tranche.amountFen > contract.valueFen) return 'payments would exceed the contract value';
  return null;
}

/** Null when the milestone may be evaluated now; otherwise why not. Earlier gates must be open first. */
export function evaluationProblem(
  contract: Pick<Contract, 'milestones' | 'status'>,
  milestoneId: string,
): string | null {
  if (contract.status !== 'active') return `the contract is ${contract.status}`;
  const milestone = contract.milestones.find((m) => m.milestoneId === milestoneId);
  if (!milestone) return 'no such milestone';
  if (!EVALUATED_GATES.includes(milestone.kind)) return `the ${milestone.kind} milestone is accepted, not evaluated`;
  if (milestone.status === 'accepted') return 'this gate has already passed';
  if (milestone.status === 'failed') return 'this gate failed: a remediation must be accepted first';
  const blocking = contract.milestones.find(
    (m) => GATE_ORDER.indexOf(m.kind) < GATE_ORDER.indexOf(milestone.kind) && m.status !== 'accepted',
  );
  if (blocking) return `the ${blocking.kind} gate must pass first`;
  return null;
}

/**
 * A new value and end date. Paid tranches keep their amounts; the rest of the value is
 * spread over the unpaid tranches by their percentages, so the schedule still adds up.
 */
export function amendContract(
  contract: Pick<Contract, 'tranches' | 'valueFen' | 'disbursedFen' | 'status' | 'period'>,
  change: { valueFen?: number | undefined; endDate?: string | undefined },
): { problem: string } | { valueFen: number; endDate: string; tranches: Tranche[] } {
  if (contract.status !== 'active') return { problem: `the contract is ${contract.status}` };
  const valueFen = change.valueFen ?? contract.valueFen;
  const endDate = change.endDate ?? contract.period.endDate;
  if (valueFen < contract.disbursedFen) return { problem: 'the value cannot fall below what has been paid' };
  if (endDate < contract.period.startDate) return { problem: 'the period cannot end before it starts' };
  const open = contract.tranches.filter((t) => t.status === 'scheduled');
  const remaining = valueFen - contract.disbursedFen;
  if (open.length === 0 && remaining > 0) return { problem: 'every tranche is paid: no tranche could carry a raise' };
  const weight = open.reduce((sum, t) => sum + t.percent, 0);
  const amounts = new Map<string, number>();
  let allocated = 0;
  open.forEach((t, i) => {
    const share = i === open.length - 1 ? remaining - allocated : Math.floor((remaining * t.percent) / weight);
    allocated += share;
    amounts.set(t.trancheId, share);
  });
  return {
    valueFen,
    endDate,
    tranches: contract.tranches.map((t) =>
      amounts.has(t.trancheId) ? { ...t, amountFen: amounts.get(t.trancheId)! } : t,
    ),
  };
}

export interface PerformanceComponents {
  evaluation: number | null;
  delivery: number | null;
  confirmation: number | null;
  firstTimePass: number | null;
}

/** Weights of the performance parts; a part with nothing to measure drops out and the rest are rescaled. */
export const PERFORMANCE_WEIGHTS: Readonly<Record<keyof PerformanceComponents, number>> = {
  evaluation: 50,
  delivery: 20,
  confirmation: 15,
  firstTimePass: 15,
};

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The performance of a completed contract, 0–100: the evaluators' scores of each gate (the
 * last one given), the share of its needs fulfilled, the share of service records residents
 * confirmed, and the share of gates passed at the first evaluation.
 */
export function performance(
  contract: Pick<Contract, 'evaluations' | 'needIds' | 'fulfilledNeedIds'>,
  records: { total: number; confirmed: number },
): { score: number; components: PerformanceComponents } {
  const byGate = new Map<string, Evaluation[]>();
  for (const e of contract.evaluations) byGate.set(e.milestoneId, [...(byGate.get(e.milestoneId) ?? []), e]);
  const gates = [...byGate.values()];
  const components: PerformanceComponents = {
    evaluation: gates.length ? round1(gates.reduce((s, g) => s + g[g.length - 1]!.score, 0) / gates.length) : null,
    delivery: contract.needIds.length
      ? round1(
          (100 * contract.fulfilledNeedIds.filter((n) => contract.needIds.includes(n)).length) /
            contract.needIds.length,
        )
      : null,
    confirmation: records.total ? round1((100 * records.confirmed) / records.total) : null,
    firstTimePass: gates.length ? round1((100 * gates.filter((g) => g[0]!.passed).length) / gates.length) : null,
  };
  let weight = 0;
  let sum = 0;
  for (const key of Object.keys(PERFORMANCE_WEIGHTS) as Array<keyof PerformanceComponents>) {
    const value = components[key];
    if (value === null) continue;
    weight += PERFORMANCE_WEIGHTS[key];
    sum += PERFORMANCE_WEIGHTS[key] * value;
  }
  return { score: weight ? round1(sum / weight) : 0, components };
}
