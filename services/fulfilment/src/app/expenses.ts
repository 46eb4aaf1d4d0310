import { ExpenseOverspent, ExpenseReported, type FulfilmentApi } from '@sanshe/contracts';
import { conflict, createEvent, keyedId, notFound, unprocessable, type Cause, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import { applyExpenses, budgetProblem, variancePercent, type BudgetLine } from '../domain/budget';
import type { Contract, ExpenseReport } from '../domain/contract';
import type { ContractDocument } from '../adapters/store/repositories';
import { AlreadyDone, changeContract } from './contract-store';
import type { FulfilmentDeps } from './deps';
import { SOURCE } from './source';

type Deps = Pick<FulfilmentDeps, 'repos' | 'clock' | 'settings'>;

const OVERSIGHT = new Set(['official', 'admin', 'funder', 'evaluator']);
const isOversight = (actor: Principal) => actor.roles.some((r) => OVERSIGHT.has(r));

/** Organisation people act only on their own contracts; to them another's does not exist. */
export function ensureOwn(actor: Principal, contract: Pick<Contract, 'organisationId'>): void {
  if (!isOversight(actor) && actor.organisationId !== contract.organisationId)
    throw notFound('FULFILMENT.CONTRACT_NOT_FOUND', 'no such contract');
}

export async function setBudget(
  deps: Deps,
  actor: Principal,
  contractId: string,
  lines: BudgetLine[],
): Promise<ContractDocument> {
  return changeContract(deps, contractId, (contract) => {
    ensureOwn(actor, contract);
    if (contract.status !== 'active')
      throw conflict('FULFILMENT.CONTRACT_NOT_ACTIVE', `the contract is ${contract.status}`);
    const problem = budgetProblem(contract.valueFen, lines, contract.spentByLine ?? {});
    if (problem) throw unprocessable('FULFILMENT.BUDGET_INVALID', problem, [{ field: 'lines', reason: problem }]);
    return { update: { $set: { budgetLines: lines } }, events: [] };
  });
}

/**
 * An organisation reports a month's spending with its vouchers. The report, the running
 * totals per line and the events (reported, and overspent per line past the allowed
 * variance) are one guarded write, so concurrent reports never lose each other's amounts.
 * With the request's Idempotency-Key record the report's id comes from the key: a try run
 * again finds the report the first one stored and adds nothing.
 */
export async function reportExpenses(
  deps: Deps,
  actor: Principal,
  contractId: string,
  input: z.infer<typeof FulfilmentApi.ExpenseReportRequest>,
  cause: Cause,
  idempotencyKey: string | null = null,
): Promise<ContractDocument> {
  const reportId = keyedId(idempotencyKey, 'expense-report');
  return changeContract(deps, contractId, (contract) => {
    if (actor.organisationId !== contract.organisationId)
      throw notFound('FULFILMENT.CONTRACT_NOT_FOUND', 'no such contract');
    if (contract.expenseReports?.some((r) => r.reportId === reportId)) throw new AlreadyDone();
    if (!contract.budgetLines?.length)
      throw conflict('FULFILMENT.NO_BUDGET', 'set the budget lines before reporting expenses');
    const allowed = deps.settings.expenseVariancePercent;
    const result = applyExpenses(contract.budgetLines, contract.spentByLine ?? {}, input.lines, allowed);
    if ('problem' in result)
      throw unprocessable('FULFILMENT.EXPENSE_INVALID', result.problem, [{ field: 'lines', reason: result.problem }]);
    const now = deps.clock.now();
    const at = now.toISOString();
    const totalFen = input.lines.reduce((s, l) => s + l.amountFen, 0);
    const report: ExpenseReport = {
      reportId,
      period: input.period,
      lines: input.lines,
      totalFen,
      note: input.note,
      reportedBy: actor.sub,
      reportedAt: at,
      alerts: result.overspends.map((o) => o.code),
    };
    const base = { source: SOURCE, subject: contractId, now, cause };
    const events = [
      createEvent(ExpenseReported, {
        ...base,
        data: {
          contractId,
          reportId,
          organisationId: contract.organisationId,
          period: input.period,
          lines: input.lines.map((l) => ({ code: l.code, amountFen: l.amountFen })),
          totalFen,
          reportedAt: at,
        },
      }),
      ...result.overspends.map((o) =>
        createEvent(ExpenseOverspent, {
          ...base,
          data: {
            contractId,
            reportId,
            organisationId: contract.organisationId,
            ...o,
            allowedPercent: allowed,
            raisedAt: at,
          },
        }),
      ),
    ];
    return { update: { $set: { spentByLine: result.spentByLine }, $push: { expenseReports: report } }, events };
  });
}

export function toBudgetView(contract: Contract, allowedVariancePercent: number) {
  const spent = contract.spentByLine ?? {};
  return {
    contractId: contract._id,
    allowedVariancePercent,
    lines: (contract.budgetLines ?? []).map((l) => {
      const spentFen = spent[l.code] ?? 0;
      const v = variancePercent(l.amountFen, spentFen);
      return { ...l, spentFen, variancePercent: v, overspent: v > allowedVariancePercent };
    }),
    reports: contract.expenseReports ?? [],
  };
}
