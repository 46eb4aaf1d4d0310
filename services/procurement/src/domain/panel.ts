/**
 * An evaluation panel (评审委员会), for a tender or a funding round: evaluators are
 * assigned, each declares (no) conflict of interest before seeing any content, obvious
 * conflicts are detected automatically, and each fills a scoring sheet per subject
 * (bid or application) and criterion. Final score per criterion = the mean; outliers
 * are flagged, never silently dropped.
 */
export interface Declaration {
  conflictOfInterest: boolean;
  statement: string;
  at: string;
}

export interface PanelMember {
  evaluatorId: string;
  name: string;
  affiliationOrganisationId: string | null;
  assignedAt: string;
  assignedBy: string;
  declaration: Declaration | null;
  detectedConflict: string | null;
}

export interface ScoreEntry {
  subjectId: string;
  criterionCode: string;
  score: number;
  comment: string | null;
}

export interface ScoreSheet {
  evaluatorId: string;
  version: number;
  submittedAt: string;
  scores: ScoreEntry[];
}

export interface Panel {
  members: PanelMember[];
  /** The current sheet of each evaluator. */
  sheets: ScoreSheet[];
  /** Every sheet ever submitted, replaced ones included: every score is auditable. */
  sheetHistory: ScoreSheet[];
}

export interface Subject {
  subjectId: string;
  organisationId: string;
}

export const emptyPanel = (): Panel => ({ members: [], sheets: [], sheetHistory: [] });

export function memberStatus(m: PanelMember): 'assigned' | 'declared' | 'recused' {
  if (m.detectedConflict || m.declaration?.conflictOfInterest) return 'recused';
  return m.declaration ? 'declared' : 'assigned';
}

/** Declared no conflict, and none detected: may see the content and score. */
export function mayScore(m: PanelMember): boolean {
  return memberStatus(m) === 'declared';
}

/**
 * Obvious conflicts: the evaluator belongs to a bidder (by the panel assignment or by
 * the organisation their own token acts for).
 */
export function detectConflict(
  member: Pick<PanelMember, 'affiliationOrganisationId'>,
  subjects: readonly Subject[],
  actingForOrganisationId: string | null,
): string | null {
  for (const org of [member.affiliationOrganisationId, actingForOrganisationId]) {
    if (org && subjects.some((s) => s.organisationId === org))
      return `belongs to organisation ${org}, which is being evaluated`;
  }
  return null;
}

/** A sheet must score every subject on every criterion exactly once, and nothing else. */
export function sheetProblems(
  scores: readonly Omit<ScoreEntry, 'comment'>[],
  subjectIds: readonly string[],
  criterionCodes: readonly string[],
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const s of scores) {
    const key = `${s.subjectId}/${s.criterionCode}`;
    if (!subjectIds.includes(s.subjectId)) problems.push(`${s.subjectId} is not being evaluated`);
    else if (!criterionCodes.includes(s.criterionCode)) problems.push(`${s.criterionCode} is not a scored criterion`);
    else if (seen.has(key)) problems.push(`${key} is scored twice`);
    seen.add(key);
  }
  for (const subjectId of subjectIds)
    for (const code of criterionCodes)
      if (!seen.has(`${subjectId}/${code}`)) problems.push(`no score for ${subjectId} on ${code}`);
  return problems;
}

/** Mean score per subject and criterion over the given sheets. */
export function means(sheets: readonly ScoreSheet[]): Map<string, Record<string, number>> {
  const sums = new Map<string, Record<string, { sum: number; n: number }>>();
  for (const sheet of sheets)
    for (const s of sheet.scores) {
      const bySubject = sums.get(s.subjectId) ?? {};
      const cell = bySubject[s.criterionCode] ?? { sum: 0, n: 0 };
      bySubject[s.criterionCode] = { sum: cell.sum + s.score, n: cell.n + 1 };
      sums.set(s.subjectId, bySubject);
    }
  const result = new Map<string, Record<string, number>>();
  for (const [subjectId, cells] of sums)
    result.set(subjectId, Object.fromEntries(Object.entries(cells).map(([code, c]) => [code, c.sum / c.n])));
  return result;
}

export interface Outlier {
  evaluatorId: string;
  subjectId: string;
  criterionCode: string;
  score: number;
  mean: number;
  reason: string;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Flags a score more than `gapPoints` from the evaluators' mean, or (with
 * five or more evaluators, where a standard deviation means something) more than
 * `standardDeviations` population standard deviations from the mean of all.
 */
export function outliers(
  sheets: readonly ScoreSheet[],
  rule: { standardDeviations: number; gapPoints: number },
): Outlier[] {
  const cells = new Map<string, Array<{ evaluatorId: string; score: number }>>();
  for (const sheet of sheets)
    for (const s of sheet.scores) {
      const key = `${s.subjectId}\u0000${s.criterionCode}`;
      cells.set(key, [...(cells.get(key) ?? []), { evaluatorId: sheet.evaluatorId, score: s.score }]);
    }
  const found: Outlier[] = [];
  for (const [key, entries] of cells) {
    const n = entries.length;
    if (n < 2) continue;
    const [subjectId = '', criterionCode = ''] = key.split('\u0000');
    const total = entries.reduce((sum, e) => sum + e.score, 0);
    const mean = total / n;
    const sd = Math.sqrt(entries.reduce((sum, e) => sum + (e.score - mean) ** 2, 0) / n);
    for (const e of entries) {
      const gap = Math.abs(e.score - mean);
      const reasons: string[] = [];
      if (gap > rule.gapPoints) reasons.push(`${r2(gap)} points from the mean ${r2(mean)}`);
      if (n >= 5 && sd > 0 && Math.abs(e.score - mean) > rule.standardDeviations * sd)
        reasons.push(`${r2(Math.abs(e.score - mean) / sd)} standard deviations from the mean`);
      if (reasons.length > 0)
        found.push({
          evaluatorId: e.evaluatorId,
          subjectId,
          criterionCode,
          score: e.score,
          mean: r2(mean),
          reason: reasons.join('; '),
        });
    }
  }
  return found.sort(
    (a, b) =>
      a.evaluatorId.localeCompare(b.evaluatorId) ||
      a.subjectId.localeCompare(b.subjectId) ||
      a.criterionCode.localeCompare(b.criterionCode),
  );
}
