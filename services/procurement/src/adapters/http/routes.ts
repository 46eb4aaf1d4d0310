import { ProcurementApi } from '@sanshe/contracts';
import { ApiRouter, notFound, type Clock, type JobQueue } from '@sanshe/platform';
import { z } from 'zod';
import { awardTender, evaluateTender, openedTender } from '../../app/evaluate-and-award';
import { registerOrganisation } from '../../app/register-organisation';
import { submitBid } from '../../app/submit-bid';
import { toBidReceipt, toOrganisationView, toTenderView } from '../../app/views';
import type { ProcurementSettings } from '../../settings';
import type { Repositories } from '../store/repositories';

const OFFICIALS = ['official', 'admin'] as const;

export function createProcurementRoutes(deps: {
  repos: Repositories;
  clock: Clock;
  jobs: JobQueue;
  settings: ProcurementSettings;
  nudge: () => void;
}): ApiRouter {
  const api = new ApiRouter('Sanshe procurement', '/api/procurement');

  api.route({
    method: 'post',
    path: '/organisations',
    summary: 'Register a social organisation (USCC checked)',
    tags: ['organisations'],
    roles: ['official', 'admin'],
    body: ProcurementApi.RegisterOrganisationRequest,
    response: ProcurementApi.OrganisationView,
    status: 201,
    handler: async ({ body, correlationId }) => {
      const organisation = await registerOrganisation(deps, body, { correlationId, causationId: null });
      deps.nudge();
      return toOrganisationView(organisation);
    },
  });

  api.route({
    method: 'get',
    path: '/tenders',
    summary: 'Tenders, newest first',
    tags: ['tenders'],
    roles: ['official', 'admin', 'org_user', 'community_staff', 'funder'],
    query: ProcurementApi.ListTendersQuery,
    response: z.object({ items: z.array(ProcurementApi.TenderView) }),
    handler: async ({ query }) => {
      const filter: Record<string, unknown> = {};
      if (query.projectId) filter.projectId = query.projectId;
      if (query.status) filter.status = query.status;
      const items = await deps.repos.tenders.find(filter, { sort: { openedAt: -1 }, limit: 100 });
      return { items: items.map(toTenderView) };
    },
  });

  api.route({
    method: 'get',
    path: '/tenders/:tenderId',
    summary: 'A tender (never its bids before the deadline)',
    tags: ['tenders'],
    roles: ['official', 'admin', 'org_user', 'community_staff', 'funder'],
    params: ProcurementApi.TenderIdParams,
    response: ProcurementApi.TenderView,
    handler: async ({ params }) => {
      const tender = await deps.repos.tenders.findOne({ _id: params.tenderId });
      if (!tender) throw notFound('PROCUREMENT.TENDER_NOT_FOUND', 'no such tender');
      return toTenderView(tender);
    },
  });

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/bids',
    summary: 'Submit a sealed bid for your organisation; returns the commitment receipt',
    tags: ['bids'],
    roles: ['org_user'],
    params: ProcurementApi.TenderIdParams,
    body: ProcurementApi.SubmitBidRequest,
    response: ProcurementApi.BidReceipt,
    status: 201,
    handler: async ({ params, body, actor, correlationId }) => {
      const bid = await submitBid(deps, actor, params.tenderId, body, { correlationId, causationId: null });
      deps.nudge();
      return toBidReceipt(bid);
    },
  });

  api.route({
    method: 'get',
    path: '/tenders/:tenderId/bids',
    summary: 'Opened bids with their commitments (409 while sealed)',
    tags: ['bids'],
    roles: OFFICIALS,
    params: ProcurementApi.TenderIdParams,
    response: z.object({ items: z.array(ProcurementApi.OpenedBidView) }),
    handler: async ({ params, correlationId }) => {
      await openedTender(deps, params.tenderId, { correlationId, causationId: null });
      deps.nudge();
      const bids = await deps.repos.bids.find({ tenderId: params.tenderId }, { sort: { submittedAt: 1 } });
      const organisations = await deps.repos.organisations.find({ _id: { $in: bids.map((b) => b.organisationId) } });
      const names = new Map(organisations.map((o) => [o._id, o.name]));
      return {
        items: bids.map((b) => ({
          bidId: b._id,
          organisationId: b.organisationId,
          organisationName: names.get(b.organisationId) ?? '',
          priceFen: b.priceFen,
          proposal: b.proposal,
          commitment: b.commitment,
          nonce: b.nonce,
          submittedAt: b.submittedAt,
        })),
      };
    },
  });

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/evaluation',
    summary: 'Score the opened bids (price score formula + technical scores)',
    tags: ['evaluation'],
    roles: OFFICIALS,
    params: ProcurementApi.TenderIdParams,
    body: ProcurementApi.EvaluateTenderRequest,
    response: ProcurementApi.EvaluationResult,
    handler: async ({ params, body, correlationId }) => {
      const result = await evaluateTender(deps, params.tenderId, body, { correlationId, causationId: null });
      deps.nudge();
      return result;
    },
  });

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/award',
    summary: 'Award the tender to the top-ranked bid',
    tags: ['evaluation'],
    roles: OFFICIALS,
    params: ProcurementApi.TenderIdParams,
    body: ProcurementApi.AwardTenderRequest,
    response: ProcurementApi.TenderView,
    handler: async ({ params, body, correlationId }) => {
      const tender = await awardTender(deps, params.tenderId, body.bidId, { correlationId, causationId: null });
      deps.nudge();
      return toTenderView(tender);
    },
  });

  return api;
}
