import { FulfilmentApi } from '@sanshe/contracts';
import { ApiRouter, notFound, type Clock, type Principal } from '@sanshe/platform';
import { z } from 'zod';
import { acceptMilestone, disburseTranche } from '../../app/milestones-and-payments';
import { recordService } from '../../app/record-service';
import { toContractView, toRecordView } from '../../app/views';
import type { Contract } from '../../domain/contract';
import type { Repositories } from '../store/repositories';

const READERS = ['official', 'admin', 'funder', 'org_user', 'social_worker', 'evaluator'] as const;

/** An organisation's people see only their own contracts; officials, funders and evaluators see all. */
function canSee(actor: Principal, contract: Contract): boolean {
  if (actor.roles.some((r) => r === 'official' || r === 'admin' || r === 'funder' || r === 'evaluator')) return true;
  return actor.organisationId === contract.organisationId;
}

export function createFulfilmentRoutes(deps: { repos: Repositories; clock: Clock; nudge: () => void }): ApiRouter {
  const api = new ApiRouter('Sanshe fulfilment', '/api/fulfilment');

  api.route({
    method: 'get',
    path: '/contracts',
    summary: 'Contracts you may see',
    tags: ['contracts'],
    roles: READERS,
    query: FulfilmentApi.ListContractsQuery,
    response: z.object({ items: z.array(FulfilmentApi.ContractView) }),
    handler: async ({ query, actor }) => {
      const filter: Record<string, unknown> = {};
      if (query.tenderId) filter.tenderId = query.tenderId;
      if (query.projectId) filter.projectId = query.projectId;
      const items = await deps.repos.contracts.find(filter, { sort: { signedAt: -1 }, limit: 100 });
      return { items: items.filter((c) => canSee(actor, c)).map(toContractView) };
    },
  });

  api.route({
    method: 'get',
    path: '/contracts/:contractId',
    summary: 'A contract with its milestones and tranches',
    tags: ['contracts'],
    roles: READERS,
    params: FulfilmentApi.ContractIdParams,
    response: FulfilmentApi.ContractView,
    handler: async ({ params, actor }) => {
      const contract = await deps.repos.contracts.findOne({ _id: params.contractId });
      if (!contract || !canSee(actor, contract)) throw notFound('FULFILMENT.CONTRACT_NOT_FOUND', 'no such contract');
      return toContractView(contract);
    },
  });

  api.route({
    method: 'post',
    path: '/contracts/:contractId/service-records',
    summary: 'Record a delivered service against a need of the contract',
    tags: ['service records'],
    roles: ['social_worker'],
    params: FulfilmentApi.ContractIdParams,
    body: FulfilmentApi.RecordServiceRequest,
    response: FulfilmentApi.ServiceRecordView,
    status: 201,
    handler: async ({ params, body, actor, correlationId }) => {
      const record = await recordService(deps, actor, params.contractId, body, { correlationId, causationId: null });
      deps.nudge();
      return toRecordView(record);
    },
  });

  api.route({
    method: 'post',
    path: '/contracts/:contractId/milestones/:milestoneId/accept',
    summary: 'Accept a milestone (signing, evaluation passed, final acceptance)',
    tags: ['milestones'],
    roles: ['official', 'evaluator', 'admin'],
    params: FulfilmentApi.MilestoneParams,
    response: FulfilmentApi.ContractView,
    handler: async ({ params, correlationId }) => {
      const contract = await acceptMilestone(deps, params.contractId, params.milestoneId, {
        correlationId,
        causationId: null,
      });
      deps.nudge();
      return toContractView(contract);
    },
  });

  api.route({
    method: 'post',
    path: '/contracts/:contractId/tranches/:trancheId/disburse',
    summary: 'Disburse a tranche whose milestone has been accepted',
    tags: ['payments'],
    roles: ['funder', 'official'],
    params: FulfilmentApi.TrancheParams,
    response: FulfilmentApi.ContractView,
    handler: async ({ params, correlationId }) => {
      const contract = await disburseTranche(deps, params.contractId, params.trancheId, {
        correlationId,
        causationId: null,
      });
      deps.nudge();
      return toContractView(contract);
    },
  });

  return api;
}
