import { applyExpenses, budgetProblem, variancePercent } from './budget';

const budget = [
  { code: 'staff', name: '人员', amountFen: 1_000 },
  { code: 'zero', name: '零', amountFen: 0 },
];

describe('budget lines and expense variance', () => {
  test('variance is (spent − budget) / budget in percent to one decimal; any spending on a zero line is 100', () => {
    expect(variancePercent(3_000, 3_400)).toBe(13.3);
    expect(variancePercent(3_000, 2_000)).toBe(-33.3);
    expect(variancePercent(0, 0)).toBe(0);
    expect(variancePercent(0, 1)).toBe(100);
  });

  test('a budget must add up to the value and keep every line with spending', () => {
    expect(budgetProblem(1_000, budget, {})).toBeNull();
    expect(budgetProblem(1_001, budget, {})).toMatch(/add up to 1000 fen/);
    expect(budgetProblem(1_000, [{ code: 'other', name: 'x', amountFen: 1_000 }], { staff: 5 })).toBe(
      'spending was already reported on staff',
    );
  });

  test('an overspend is raised exactly when a line it adds to passes the allowed variance', () => {
    const at = applyExpenses(budget, { staff: 1_000 }, [{ code: 'staff', amountFen: 100, vouchers: ['v'] }], 10);
    expect(at).toEqual({ spentByLine: { staff: 1_100 }, overspends: [] });
    const past = applyExpenses(budget, { staff: 1_000 }, [{ code: 'staff', amountFen: 101, vouchers: ['v'] }], 10);
    expect(past).toEqual({
      spentByLine: { staff: 1_101 },
      overspends: [{ code: 'staff', budgetFen: 1_000, spentFen: 1_101, variancePercent: 10.1 }],
    });
    expect(applyExpenses(budget, {}, [{ code: 'nope', amountFen: 1, vouchers: ['v'] }], 10)).toEqual({
      problem: 'no such budget line: nope',
    });
  });
});
