import type { FundingMode, TrancheTerm } from '@sanshe/contracts';

export type ProjectStatus = 'draft' | 'approved' | 'published' | 'cancelled';

export interface Project {
  _id: string;
  title: string;
  category: string;
  needIds: string[];
  communityCodes: string[];
  budgetFen: number;
  fundingMode: FundingMode;
  tranches: TrancheTerm[];
  status: ProjectStatus;
  createdBy: string;
  createdAt: string;
  approvedAt: string | null;
  publishedAt: string | null;
}

const NEXT: Record<ProjectStatus, readonly ProjectStatus[]> = {
  draft: ['approved', 'cancelled'],
  approved: ['published', 'cancelled'],
  published: ['cancelled'],
  cancelled: [],
};

/** Null when the move is allowed; otherwise the reason, shown to the user with a 409. */
export function transitionProblem(from: ProjectStatus, to: ProjectStatus): string | null {
  return NEXT[from].includes(to) ? null : `a ${from} project cannot become ${to}`;
}

/** The needs a project can take: open ones of its category not linked to another project. */
export function needProblems(
  category: string,
  needIds: readonly string[],
  openNeeds: ReadonlyArray<{ needId: string; category: string; projectId: string | null }>,
): Array<{ field: string; reason: string }> {
  const byId = new Map(openNeeds.map((n) => [n.needId, n]));
  const problems: Array<{ field: string; reason: string }> = [];
  if (new Set(needIds).size !== needIds.length) problems.push({ field: 'needIds', reason: 'a need is listed twice' });
  needIds.forEach((id, i) => {
    const need = byId.get(id);
    if (!need) problems.push({ field: `needIds.${i}`, reason: 'no such open need' });
    else if (need.projectId !== null)
      problems.push({ field: `needIds.${i}`, reason: 'already linked to another project' });
    else if (need.category !== category)
      problems.push({ field: `needIds.${i}`, reason: `need is of category ${need.category}` });
  });
  return problems;
}
