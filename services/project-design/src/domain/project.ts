import type {
  DesignApi,
  Eligibility,
  EvaluationCriterion,
  FundingMode,
  Kpi,
  ProcurementMethod,
  ProjectStatus,
  ServicePeriod,
  TrancheTerm,
} from '@sanshe/contracts';

export type { ProjectStatus };
export type BudgetLine = DesignApi.BudgetLine;

/** Where a served community sits; learned from intake's events about its needs. */
export interface ProjectArea {
  communityCode: string;
  streetCode: string | null;
  districtCode: string | null;
}

/** One line of the audit trail: every change bumps the version and says who, when and what. */
export interface HistoryEntry {
  version: number;
  at: string;
  by: string;
  action: string;
  fields?: string[];
  from?: ProjectStatus;
  to?: ProjectStatus;
  comment?: string;
}

export interface Reservation {
  programmeId: string;
  amountFen: number;
  reservedAt: string;
}

/** The authored content of a project: what the linter checks and what procurement receives. */
export interface ProjectContent {
  title: string;
  category: string;
  needIds: string[];
  /** Communities served beyond those of the linked needs. */
  extraCommunityCodes: string[];
  objectives: string[];
  kpis: Kpi[];
  servicePeriod: ServicePeriod | null;
  budgetLines: BudgetLine[];
  fundingMode: FundingMode;
  programmeId: string | null;
  matchingFundsFen: number;
  procurementMethod: ProcurementMethod;
  methodJustification: string | null;
  eligibility: Eligibility;
  evaluationCriteria: EvaluationCriterion[];
  tranches: TrancheTerm[];
}

export interface Project extends ProjectContent {
  _id: string;
  areas: ProjectArea[];
  /** Derived from `areas`, kept for queries and scope checks. */
  communityCodes: string[];
  streetCodes: string[];
  districtCodes: string[];
  budgetFen: number;
  status: ProjectStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  submittedBy: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  publishedAt: string | null;
  bidDeadline: string | null;
  returnComments: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  reservation: Reservation | null;
  contractIds: string[];
  history: HistoryEntry[];
}

// ---------- money ----------

export function budgetTotal(lines: readonly Pick<BudgetLine, 'amountFen'>[]): number {
  return lines.reduce((sum, line) => sum + line.amountFen, 0);
}

/** What the programme is asked for: a purchase is paid in full, a venture grant net of matching funds. */
export function requestedFen(
  project: Pick<ProjectContent, 'budgetLines' | 'fundingMode' | 'matchingFundsFen'>,
): number {
  const total = budgetTotal(project.budgetLines);
  if (project.fundingMode === 'government_purchase') return total;
  return Math.max(0, total - project.matchingFundsFen);
}

// ---------- workflow ----------

export type ProjectCommand = 'revise' | 'submit' | 'return' | 'approve' | 'publish' | 'cancel';

/** Where each command may start from; anything else is a 409 with the reason. */
const ALLOWED_FROM: Record<ProjectCommand, readonly ProjectStatus[]> = {
  revise: ['draft', 'returned'],
  submit: ['draft', 'returned'],
  return: ['submitted', 'approved'],
  approve: ['submitted'],
  publish: ['approved'],
  cancel: ['draft', 'submitted', 'returned', 'approved', 'published', 'in_procurement'],
};

const EXPLANATION: Record<ProjectCommand, string> = {
  revise: 'only a draft or a returned project can be edited',
  submit: 'only a draft or a returned project can be submitted',
  return: 'only a submitted or approved (not yet published) project can be returned',
  approve: 'only a submitted project can be approved',
  publish: 'only an approved project can be published',
  cancel: 'a contracted, delivered, completed or already cancelled project cannot be cancelled',
};

export const COMMAND_TARGET: Record<Exclude<ProjectCommand, 'revise'>, ProjectStatus> = {
  submit: 'submitted',
  return: 'returned',
  approve: 'approved',
  publish: 'published',
  cancel: 'cancelled',
};

export function commandProblem(status: ProjectStatus, command: ProjectCommand): string | null {
  return ALLOWED_FROM[command].includes(status) ? null : `${EXPLANATION[command]} (it is ${status})`;
}

/** States in which the programme's budget stays reserved for the project. */
export const RESERVED_STATES: readonly ProjectStatus[] = [
  'approved',
  'published',
  'in_procurement',
  'contracted',
  'in_delivery',
  'completed',
];

/** The states procurement and fulfilment move a published project through; only forward. */
const FOLLOWED_RANK: Partial<Record<ProjectStatus, number>> = {
  published: 0,
  in_procurement: 1,
  contracted: 2,
  in_delivery: 3,
  completed: 4,
};

export type FollowedStatus = 'in_procurement' | 'contracted' | 'in_delivery' | 'completed';

/**
 * Whether a downstream fact moves the project. Events of different topics may arrive
 * out of order (a contract signed before the tender-opened event is seen): a step
 * already passed changes nothing, and a project that is not on the track (a draft, a
 * cancelled one) is left alone.
 */
export function followedMove(status: ProjectStatus, to: FollowedStatus): 'advance' | 'unchanged' {
  const current = FOLLOWED_RANK[status];
  const target = FOLLOWED_RANK[to];
  if (current === undefined || target === undefined) return 'unchanged';
  return target > current ? 'advance' : 'unchanged';
}

// ---------- linked needs ----------

/** The needs a project can take: open ones of its category not linked to another project. */
export function needProblems(
  category: string,
  needIds: readonly string[],
  openNeeds: ReadonlyArray<{ needId: string; category: string; projectId: string | null }>,
  projectId: string | null = null,
): Array<{ field: string; reason: string }> {
  const byId = new Map(openNeeds.map((n) => [n.needId, n]));
  const problems: Array<{ field: string; reason: string }> = [];
  if (new Set(needIds).size !== needIds.length) problems.push({ field: 'needIds', reason: 'a need is listed twice' });
  needIds.forEach((id, i) => {
    const need = byId.get(id);
    if (!need) problems.push({ field: `needIds.${i}`, reason: 'no such open need' });
    else if (need.projectId !== null && need.projectId !== projectId)
      problems.push({ field: `needIds.${i}`, reason: 'already linked to another project' });
    else if (need.category !== category)
      problems.push({ field: `needIds.${i}`, reason: `need is of category ${need.category}` });
  });
  return problems;
}

/** The areas a project serves: those of its needs, plus the extra communities, each once, sorted. */
export function servedAreas(areas: readonly ProjectArea[]): {
  areas: ProjectArea[];
  communityCodes: string[];
  streetCodes: string[];
  districtCodes: string[];
} {
  const byCommunity = new Map<string, ProjectArea>();
  for (const area of areas) {
    const known = byCommunity.get(area.communityCode);
    // Prefer the record that knows the street (events before streets were carried lack it).
    if (!known || (known.streetCode === null && area.streetCode !== null)) byCommunity.set(area.communityCode, area);
  }
  const sorted = [...byCommunity.values()].sort((a, b) => a.communityCode.localeCompare(b.communityCode));
  const codes = (pick: (a: ProjectArea) => string | null) =>
    [...new Set(sorted.map(pick).filter((c): c is string => c !== null))].sort();
  return {
    areas: sorted,
    communityCodes: sorted.map((a) => a.communityCode),
    streetCodes: codes((a) => a.streetCode),
    districtCodes: codes((a) => a.districtCode),
  };
}

/** The top-level fields whose values differ; used for the audit trail of an edit. */
export function changedFields<T extends object>(before: T, patch: Partial<T>): string[] {
  return Object.entries(patch)
    .filter(([key, value]) => value !== undefined && JSON.stringify(before[key as keyof T]) !== JSON.stringify(value))
    .map(([key]) => key)
    .sort();
}
