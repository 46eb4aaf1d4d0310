import { needProblems, transitionProblem } from './project';

describe('project rules', () => {
  test('a draft can be approved but not published directly', () => {
    expect(transitionProblem('draft', 'approved')).toBeNull();
    expect(transitionProblem('draft', 'published')).toBe('a draft project cannot become published');
  });

  test('a cancelled project cannot move again', () => {
    expect(transitionProblem('cancelled', 'approved')).not.toBeNull();
  });

  test('needs that are unknown, taken, of another category or repeated are reported by position', () => {
    const open = [
      { needId: 'a', category: 'elderly_care', projectId: null },
      { needId: 'b', category: 'elderly_care', projectId: 'p1' },
      { needId: 'c', category: 'employment', projectId: null },
    ];
    expect(needProblems('elderly_care', ['a', 'b', 'c', 'x'], open)).toEqual([
      { field: 'needIds.1', reason: 'already linked to another project' },
      { field: 'needIds.2', reason: 'need is of category employment' },
      { field: 'needIds.3', reason: 'no such open need' },
    ]);
    expect(needProblems('elderly_care', ['a', 'a'], open)).toEqual([
      { field: 'needIds', reason: 'a need is listed twice' },
    ]);
  });
});
