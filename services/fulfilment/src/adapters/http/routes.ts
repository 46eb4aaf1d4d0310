import { FulfilmentApi } from '@sanshe/contracts';
import { ApiRouter, notFound, type Principal } from '@sanshe/platform';
import { z } from 'zod';
import { amend, terminate } from '../../app/amend-and-terminate';
import { fundedContractIds, funderOfContract, scopeFundingQuery, visibleContract } from '../../app/access';
import type { FulfilmentDeps } from '../../app/deps';
import { fundingCsv, fundingView } from '../../app/funding-view';
import { reportExpenses, setBudget, toBudgetView } from '../../app/expenses';
import { decideRemediation, evaluateGate, submitRemediation } from '../../app/evaluate-gate';
import { acceptMilestone, disburseTranche } from '../../app/milestones-and-payments';
import { recordServices } from '../../app/record-service';
import { toContractView, toRecordView } from '../../app/views';
import { canDisburse, isFunderScoped } from '../../domain/access';
import type { Contract } from '../../domain/contract';
import { registerExportRoutes } from './export-routes';
import { registerIndicatorRoutes } from './indicator-routes';

const READERS = ['official', 'admin', 'funder', 'org_user', 'social_worker', 'evaluator'] as const;
const OVERSIGHT = new Set(['official', 'admin', 'evaluator']);

/** Officials, administrators and evaluators see every contract (funders theirs: src/domain/access.ts). */
const seesAll = (actor: Principal) => actor.roles.some((r) => OVERSIGHT.has(r));

export function createFulfilmentRoutes(deps: FulfilmentDeps): ApiRouter {
  const api = new ApiRouter('Sanshe fulfilment', '/api/fulfilment');
  const cause = (correlationId: string) => ({ correlationId, causationId: null });
  const done = <T extends Contract>(contract: T) => {
    deps.nudge();
    return toContractView(contract);
  };

  api.route({
    method: 'get',
    path: '/contracts',
    summary: 'Contracts you may see (an organisation sees only its own)',
    tags: ['contracts'],
    roles: READERS,
    query: FulfilmentApi.ListContractsQuery,
    response: z.object({ items: z.array(FulfilmentApi.ContractView) }),
    handler: async ({ query, actor }) => {
      const filter: Record<string, unknown> = {};
      if (query.tenderId) filter.tenderId = query.tenderId;
      if (query.projectId) filter.projectId = query.projectId;
      if (query.roundId) filter['source.roundId'] = query.roundId;
      if (query.organisationId) filter.organisationId = query.organisationId;
      if (!seesAll(actor)) {
        // A funder sees the contracts drawn on their programmes; an organisation's people their own.
        const own: Record<string, unknown>[] = [];
        if (isFunderScoped(actor)) own.push({ _id: { $in: await fundedContractIds(deps, actor) } });
        if (actor.organisationId) own.push({ organisationId: actor.organisationId });
        if (own.length === 0) return { items: [] };
        filter.$or = own;
      }
      const items = await deps.repos.contracts.find(filter, { sort: { signedAt: -1 }, limit: 200 });
      return { items: items.map(toContractView) };
    },
  });

  api.route({
    method: 'get',
    path: '/contracts/:contractId',
    summary: 'A contract with its milestones, tranches, amendments, evaluations and remediations',
    tags: ['contracts'],
    roles: READERS,
    params: FulfilmentApi.ContractIdParams,
    response: FulfilmentApi.ContractView,
    handler: async ({ params, actor }) => {
      const contract = await visibleContract(deps, actor, params.contractId);
      return toContractView(contract);
    },
  });

  api.route({
    method: 'post',
    path: '/contracts/:contractId/amendments',
    summary: 'Amend the value or end date, with a reason (a new revision; unpaid tranches are re-spread)',
    tags: ['contracts'],
    roles: ['official', 'admin'],
    params: FulfilmentApi.ContractIdParams,
    body: FulfilmentApi.AmendContractRequest,
    response: FulfilmentApi.ContractView,
    status: 201,
    // A re-sent amendment (its answer lost) answers the first revision instead of a second one.
    idempotent: true,
    handler: async ({ params, body, actor, correlationId, idempotencyKey }) =>
      done(await amend(deps, actor, params.contractId, body, cause(correlationId), idempotencyKey)),
  });

  api.route({
    method: 'post',
    path: '/contracts/:contractId/termination',
    summary: 'Terminate an active contract with a reason; unpaid tranches are cancelled',
    tags: ['contracts'],
    roles: ['official', 'admin'],
    params: FulfilmentApi.ContractIdParams,
    body: FulfilmentApi.TerminateContractRequest,
    response: FulfilmentApi.ContractView,
    handler: async ({ params, body, actor, correlationId }) =>
      done(await terminate(deps, actor, params.contractId, body, cause(correlationId))),
  });

  api.route({
    method: 'post',
    path: '/contracts/:contractId/service-records',
    summary: 'Record a delivered service against a need of the contract (with the resident code when shown)',
    tags: ['service records'],
    roles: ['social_worker'],
    params: FulfilmentApi.ContractIdParams,
    body: FulfilmentApi.RecordServiceRequest,
    response: FulfilmentApi.ServiceRecordView,
    status: 201,
    // A re-sent record (its answer lost) answers the first one instead of counting the hours twice.
    idempotent: true,
    handler: async ({ params, body, actor, correlationId, idempotencyKey }) => {
      const { deliveredOn, ...line } = body;
      const [record] = await recordServices(
        deps,
        actor,
        params.contractId,
        deliveredOn,
        [line],
        cause(correlationId),
        '',
        idempotencyKey,
      );
      deps.nudge();
      return toRecordView(record!);
    },
  });

  api.route({
    method: 'post',
    path: '/contracts/:contractId/service-records/day',
    summary: "Record a day's services at once: every line is checked before any is stored",
    tags: ['service records'],
    roles: ['social_worker'],
    params: FulfilmentApi.ContractIdParams,
    body: FulfilmentApi.RecordServiceDayRequest,
    response: z.object({ items: z.array(FulfilmentApi.ServiceRecordView) }),
    status: 201,
    idempotent: true,
    handler: async ({ params, body, actor, correlationId, idempotencyKey }) => {
      const records = await recordServices(
        deps,
        actor,
        params.contractId,
        body.deliveredOn,
        body.records,
        cause(correlationId),
        'records',
        idempotencyKey,
      );
      deps.nudge();
      return { items: records.map(toRecordView) };
    },
  });

  api.route({
    method: 'get',
    path: '/contracts/:contractId/service-records',
    summary: "A contract's service records (unconfirmed ones with ?confirmed=false)",
    tags: ['service records'],
    roles: READERS,
    params: FulfilmentApi.ContractIdParams,
    query: FulfilmentApi.ListServiceRecordsQuery,
    response: z.object({ items: z.array(FulfilmentApi.ServiceRecordView) }),
    handler: async ({ params, query, actor }) => {
      await visibleContract(deps, actor, params.contractId); // 404 unless the caller may see the contract
      const filter: Record<string, unknown> = { contractId: params.contractId };
      if (query.needId) filter.needId = query.needId;
      if (query.deliveredOn) filter.deliveredOn = query.deliveredOn;
      if (query.confirmed) filter.confirmed = query.confirmed === 'true' ? true : { $ne: true };
      const items = await deps.repos.records.find(filter, { sort: { deliveredOn: -1, recordedAt: -1 }, limit: 500 });
      return { items: items.map(toRecordView) };
    },
  });

  api.route({
    method: 'get',
    path: '/contracts/:contractId/needs/:needId/resident-code',
    summary: "The code to hand to a need's resident, who shows it to the visiting social worker",
    tags: ['service records'],
    roles: ['official', 'admin'],
    params: FulfilmentApi.NeedParams,
    response: FulfilmentApi.ResidentCodeView,
    handler: async ({ params }) => {
      const contract = await deps.repos.contracts.findOne({ _id: params.contractId });
      const code = contract?.residentCodes?.[params.needId];
      if (!code) throw notFound('FULFILMENT.NEED_NOT_FOUND', 'no such need in this contract');
      return { contractId: params.contractId, needId: params.needId, code };
    },
  });

  api.route({
    method: 'post',
    path: '/contracts/:contractId/milestones/:milestoneId/accept',
    summary: 'Accept a milestone that needs no evaluation (signing)',
    tags: ['milestones'],
    roles: ['official', 'evaluator', 'admin'],
    params: FulfilmentApi.MilestoneParams,
    response: FulfilmentApi.ContractView,
    handler: async ({ params, correlationId }) =>
      done(await acceptMilestone(deps, params.contractId, params.milestoneId, cause(correlationId))),
  });

  api.route({
    method: 'post',
    path: '/contracts/:contractId/milestones/:milestoneId/evaluations',
    summary: 'Evaluate a mid-term or final gate: score and pass/fail (a fail holds its tranche)',
    tags: ['milestones'],
    roles: ['evaluator'],
    params: FulfilmentApi.MilestoneParams,
    body: FulfilmentApi.EvaluateRequest,
    response: FulfilmentApi.ContractView,
    status: 201,
    handler: async ({ params, body, actor, correlationId }) =>
      done(await evaluateGate(deps, actor, params.contractId, params.milestoneId, body, cause(correlationId))),
  });

  api.route({
    method: 'post',
    path: '/contracts/:contractId/milestones/:milestoneId/remediations',
    summary: 'The contracted organisation submits a remediation plan for a failed gate',
    tags: ['milestones'],
    roles: ['org_user'],
    params: FulfilmentApi.MilestoneParams,
    body: FulfilmentApi.SubmitRemediationRequest,
    response: FulfilmentApi.ContractView,
    status: 201,
    handler: async ({ params, body, actor }) =>
      done(await submitRemediation(deps, actor, params.contractId, params.milestoneId, body.plan)),
  });

  api.route({
    method: 'post',
    path: '/contracts/:contractId/milestones/:milestoneId/remediations/:remediationId/decision',
    summary: 'Accept (the gate opens and its tranche is released) or reject a remediation',
    tags: ['milestones'],
    roles: ['evaluator', 'official', 'admin'],
    params: FulfilmentApi.RemediationParams,
    body: FulfilmentApi.DecideRemediationRequest,
    response: FulfilmentApi.ContractView,
    handler: async ({ params, body, actor, correlationId }) =>
      done(
        await decideRemediation(
          deps,
          actor,
          params.contractId,
          params.milestoneId,
          params.remediationId,
          body,
          cause(correlationId),
        ),
      ),
  });

  api.route({
    method: 'get',
    path: '/contracts/:contractId/budget',
    summary: 'Budget lines with reported spending, variance and overspend flags, and the expense reports',
    tags: ['expenses'],
    roles: READERS,
    params: FulfilmentApi.ContractIdParams,
    response: FulfilmentApi.BudgetView,
    handler: async ({ params, actor }) => {
      const contract = await visibleContract(deps, actor, params.contractId);
      return toBudgetView(contract, deps.settings.expenseVariancePercent);
    },
  });

  api.route({
    method: 'put',
    path: '/contracts/:contractId/budget',
    summary: "Set the contract's budget lines (they add up to its value)",
    tags: ['expenses'],
    roles: ['org_user', 'official', 'admin'],
    params: FulfilmentApi.ContractIdParams,
    body: FulfilmentApi.SetBudgetRequest,
    response: FulfilmentApi.BudgetView,
    handler: async ({ params, body, actor }) =>
      toBudgetView(await setBudget(deps, actor, params.contractId, body.lines), deps.settings.expenseVariancePercent),
  });

  api.route({
    method: 'post',
    path: '/contracts/:contractId/expense-reports',
    summary: "Report a month's spending against the budget lines, with voucher references",
    tags: ['expenses'],
    roles: ['org_user'],
    params: FulfilmentApi.ContractIdParams,
    body: FulfilmentApi.ExpenseReportRequest,
    response: FulfilmentApi.BudgetView,
    status: 201,
    idempotent: true,
    handler: async ({ params, body, actor, correlationId, idempotencyKey }) => {
      const contract = await reportExpenses(deps, actor, params.contractId, body, cause(correlationId), idempotencyKey);
      deps.nudge();
      return toBudgetView(contract, deps.settings.expenseVariancePercent);
    },
  });

  api.route({
    method: 'post',
    path: '/contracts/:contractId/tranches/:trancheId/disburse',
    summary: 'A funder or official approves and disburses a tranche whose gate has passed',
    tags: ['payments'],
    roles: ['funder', 'official'],
    params: FulfilmentApi.TrancheParams,
    response: FulfilmentApi.ContractView,
    handler: async ({ params, actor, correlationId }) => {
      // A funder pays only their own programmes' tranches; to them another's contract does not exist.
      const contract = await visibleContract(deps, actor, params.contractId);
      if (!canDisburse(actor, await funderOfContract(deps, contract))) {
        throw notFound('FULFILMENT.CONTRACT_NOT_FOUND', 'no such contract');
      }
      return done(await disburseTranche(deps, actor, params.contractId, params.trancheId, cause(correlationId)));
    },
  });

  api.route({
    method: 'get',
    path: '/funding',
    summary: "Funders' view: budgeted, committed, disbursed, spent, remaining; by a dimension and period",
    tags: ['funding'],
    roles: ['funder', 'official', 'admin'],
    query: FulfilmentApi.FundingQuery,
    response: FulfilmentApi.FundingView,
    handler: async ({ query, actor }) => fundingView(deps, await scopeFundingQuery(deps, actor, query)),
  });

  api.route({
    method: 'get',
    path: '/funding.csv',
    summary: "Funders' view as CSV (UTF-8 with BOM, for spreadsheets)",
    tags: ['funding'],
    roles: ['funder', 'official', 'admin'],
    query: FulfilmentApi.FundingQuery,
    response: z.string(),
    handler: async ({ query, actor, res }) => {
      const csv = fundingCsv(await fundingView(deps, await scopeFundingQuery(deps, actor, query)));
      res.type('text/csv; charset=utf-8').attachment(`funding-${query.by}-${query.period}.csv`).send(csv);
      return csv;
    },
  });

  registerExportRoutes(api, deps);
  registerIndicatorRoutes(api, deps);
  return api;
}
