import {
  detectConflict,
  mayScore,
  means,
  memberStatus,
  outliers,
  sheetProblems,
  type PanelMember,
  type ScoreSheet,
} from './panel';

const sheet = (evaluatorId: string, scores: Array<[string, string, number]>): ScoreSheet => ({
  evaluatorId,
  version: 1,
  submittedAt: '2026-03-01T00:00:00.000Z',
  scores: scores.map(([subjectId, criterionCode, score]) => ({ subjectId, criterionCode, score, comment: null })),
});
const member = (over: Partial<PanelMember> = {}): PanelMember => ({
  evaluatorId: 'e1',
  name: '评审甲',
  affiliationOrganisationId: null,
  assignedAt: 'x',
  assignedBy: 'official',
  declaration: null,
  detectedConflict: null,
  ...over,
});

describe('evaluation panel', () => {
  test('the final score per criterion is the mean of the evaluators', () => {
    const m = means([
      sheet('e1', [['b1', 'plan', 80]]),
      sheet('e2', [['b1', 'plan', 90]]),
      sheet('e3', [['b1', 'plan', 85]]),
    ]);
    expect(m.get('b1')).toEqual({ plan: 85 });
  });

  test('a score more than the configured gap from the mean is flagged with the reason', () => {
    const flagged = outliers(
      [sheet('e1', [['b1', 'plan', 80]]), sheet('e2', [['b1', 'plan', 84]]), sheet('e3', [['b1', 'plan', 40]])],
      {
        standardDeviations: 2,
        gapPoints: 20,
      },
    );
    expect(flagged).toEqual([
      {
        evaluatorId: 'e3',
        subjectId: 'b1',
        criterionCode: 'plan',
        score: 40,
        mean: 68,
        reason: '28 points from the mean 68',
      },
    ]);
  });

  test('with five or more evaluators, a score beyond 2 standard deviations is flagged even under the gap', () => {
    const scores = [70, 71, 70, 71, 70, 71, 70, 85];
    const flagged = outliers(
      scores.map((s, i) => sheet(`e${i}`, [['b1', 'plan', s]])),
      { standardDeviations: 2, gapPoints: 20 },
    );
    expect(flagged.map((f) => [f.evaluatorId, f.reason])).toEqual([
      ['e7', expect.stringMatching(/standard deviations from the mean$/)],
    ]);
  });

  test('scores close together flag nobody', () => {
    expect(
      outliers([sheet('e1', [['b1', 'q', 80]]), sheet('e2', [['b1', 'q', 90]])], {
        standardDeviations: 2,
        gapPoints: 20,
      }),
    ).toEqual([]);
  });

  test('a sheet must cover every subject and criterion exactly once', () => {
    expect(sheetProblems([{ subjectId: 'b1', criterionCode: 'q', score: 1 }], ['b1', 'b2'], ['q'])).toEqual([
      'no score for b2 on q',
    ]);
    expect(
      sheetProblems(
        [
          { subjectId: 'b1', criterionCode: 'q', score: 1 },
          { subjectId: 'b1', criterionCode: 'q', score: 2 },
          { subjectId: 'bx', criterionCode: 'q', score: 2 },
          { subjectId: 'b1', criterionCode: 'price', score: 2 },
        ],
        ['b1'],
        ['q'],
      ),
    ).toEqual(['b1/q is scored twice', 'bx is not being evaluated', 'price is not a scored criterion']);
  });

  test('an evaluator belonging to a bidder is detected as conflicted, by assignment or by their own token', () => {
    const subjects = [{ subjectId: 'b1', organisationId: 'org-a' }];
    expect(detectConflict({ affiliationOrganisationId: 'org-a' }, subjects, null)).toContain('org-a');
    expect(detectConflict({ affiliationOrganisationId: null }, subjects, 'org-a')).toContain('org-a');
    expect(detectConflict({ affiliationOrganisationId: 'org-b' }, subjects, null)).toBeNull();
  });

  test('only an evaluator who declared no conflict, with none detected, may score', () => {
    const declared = { conflictOfInterest: false, statement: '无利害关系', at: 'x' };
    expect(memberStatus(member())).toBe('assigned');
    expect(mayScore(member({ declaration: declared }))).toBe(true);
    expect(mayScore(member({ declaration: { ...declared, conflictOfInterest: true } }))).toBe(false);
    expect(memberStatus(member({ declaration: declared, detectedConflict: 'belongs to a bidder' }))).toBe('recused');
  });
});
