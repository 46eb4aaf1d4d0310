export interface BudgetLine {
  code: string;
  name: string;
  amountFen: number;
}

export interface ExpenseLine {
  code: string;
  amountFen: number;
  vouchers: string[];
}

export interface Overspend {
  code: string;
  budgetFen: number;
  spentFen: number;
  variancePercent: number;
}

/** (spent − budget) / budget in percent, to one decimal; any spending on a zero line counts as 100. */
export const variancePercent = (budgetFen: number, spentFen: number): number =>
  budgetFen === 0 ? (spentFen === 0 ? 0 : 100) : Math.round(((spentFen - budgetFen) / budgetFen) * 1000) / 10;

/** Null when the lines may be the contract's budget; otherwise why not. */
export function budgetProblem(
  valueFen: number,
  lines: readonly BudgetLine[],
  spentByLine: Readonly<Record<string, number>>,
): string | null {
  const total = lines.reduce((s, l) => s + l.amountFen, 0);
  if (total !== valueFen) return `the budget lines add up to ${total} fen, not the contract value of ${valueFen}`;
  const dropped = Object.keys(spentByLine).filter(
    (code) => (spentByLine[code] ?? 0) > 0 && !lines.some((l) => l.code === code),
  );
  if (dropped.length > 0) return `spending was already reported on ${dropped.join(', ')}`;
  return null;
}

/**
 * Adds a report's amounts to what was spent per line; every line it adds to that then stands
 * more than `allowedPercent` above its budget is an overspend alert.
 */
export function applyExpenses(
  budget: readonly BudgetLine[],
  spentByLine: Readonly<Record<string, number>>,
  report: readonly ExpenseLine[],
  allowedPercent: number,
): { problem: string } | { spentByLine: Record<string, number>; overspends: Overspend[] } {
  const unknown = report.filter((l) => !budget.some((b) => b.code === l.code)).map((l) => l.code);
  if (unknown.length > 0) return { problem: `no such budget line: ${unknown.join(', ')}` };
  const spent = { ...spentByLine };
  for (const line of report) spent[line.code] = (spent[line.code] ?? 0) + line.amountFen;
  const overspends: Overspend[] = [];
  for (const code of new Set(report.filter((l) => l.amountFen > 0).map((l) => l.code))) {
    const budgetFen = budget.find((b) => b.code === code)!.amountFen;
    const v = variancePercent(budgetFen, spent[code]!);
    if (v > allowedPercent) overspends.push({ code, budgetFen, spentFen: spent[code]!, variancePercent: v });
  }
  return { spentByLine: spent, overspends };
}
