import { ProcurementApi } from '@sanshe/contracts';
import { conflict, notFound, type ApiRouter } from '@sanshe/platform';
import { z } from 'zod';
import type { ProcurementDeps } from '../../app/deps';
import { openedBids } from '../../app/opened-bids';
import { settleTender } from '../../app/settle-tender';
import { submitBid } from '../../app/submit-bid';
import { toBidReceipt } from '../../app/views';
import { withdrawBid } from '../../app/withdraw-bid';

type Deps = ProcurementDeps & { nudge: () => void };

/** Sealed bids: submit, revise, withdraw, the receipt; opened bids and the published commitments after the deadline. */
export function registerBidRoutes(api: ApiRouter, deps: Deps): void {
  const cause = (correlationId: string) => ({ correlationId, causationId: null });

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/bids',
    summary: 'Submit (201) or revise (200) your organisation’s sealed bid; returns the commitment receipt',
    tags: ['bids'],
    roles: ['org_user'],
    params: ProcurementApi.TenderIdParams,
    body: ProcurementApi.SubmitBidRequest,
    response: ProcurementApi.BidReceipt,
    status: 201,
    // A re-sent bid (its answer lost) answers the first receipt instead of a second revision.
    idempotent: true,
    handler: async ({ params, body, actor, correlationId, idempotencyKey, setStatus }) => {
      const { bid, created } = await submitBid(
        deps,
        actor,
        params.tenderId,
        body,
        cause(correlationId),
        idempotencyKey,
      );
      deps.nudge();
      if (!created) setStatus(200);
      return toBidReceipt(bid);
    },
  });

  api.route({
    method: 'get',
    path: '/tenders/:tenderId/bids',
    summary: 'Opened bids with their content and commitments (409 while sealed; officials and the declared panel)',
    tags: ['bids'],
    roles: ['official', 'admin', 'evaluator'],
    params: ProcurementApi.TenderIdParams,
    response: z.object({ items: z.array(ProcurementApi.OpenedBidView) }),
    handler: async ({ params, actor, correlationId }) => {
      const items = await openedBids(deps, actor, params.tenderId, correlationId);
      deps.nudge();
      return { items };
    },
  });

  api.route({
    method: 'get',
    path: '/bids',
    summary: 'Your organisation’s bids across tenders: receipts and commitments, never content (newest first)',
    tags: ['bids'],
    roles: ['org_user'],
    query: ProcurementApi.MyBidsQuery,
    response: z.object({ items: z.array(ProcurementApi.BidReceipt) }),
    handler: async ({ query, actor }) => {
      if (!actor.organisationId) return { items: [] };
      const bids = await deps.repos.bids.find(
        { organisationId: actor.organisationId, ...(query.tenderId ? { tenderId: query.tenderId } : {}) },
        { sort: { submittedAt: -1 }, limit: query.limit },
      );
      return { items: bids.map(toBidReceipt) };
    },
  });

  api.route({
    method: 'get',
    path: '/tenders/:tenderId/bids/:bidId',
    summary: 'Your own bid’s receipt and commitment history (never its content)',
    tags: ['bids'],
    roles: ['org_user'],
    params: ProcurementApi.BidParams,
    response: ProcurementApi.BidReceipt,
    handler: async ({ params, actor }) => {
      const bid = await deps.repos.bids.findOne({ _id: params.bidId, tenderId: params.tenderId });
      if (!bid || bid.organisationId !== actor.organisationId)
        throw notFound('PROCUREMENT.BID_NOT_FOUND', 'no such bid');
      return toBidReceipt(bid);
    },
  });

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/bids/:bidId/withdraw',
    summary: 'Withdraw your organisation’s bid before the deadline',
    tags: ['bids'],
    roles: ['org_user'],
    params: ProcurementApi.BidParams,
    response: ProcurementApi.BidReceipt,
    handler: async ({ params, actor, correlationId }) => {
      const bid = await withdrawBid(deps, actor, params.tenderId, params.bidId, cause(correlationId));
      deps.nudge();
      return toBidReceipt(bid);
    },
  });

  api.route({
    method: 'get',
    path: '/tenders/:tenderId/commitments',
    summary: 'Every bid’s commitments, published at opening: anyone can check that no bid changed (409 before)',
    tags: ['bids'],
    roles: 'public',
    params: ProcurementApi.TenderIdParams,
    response: z.object({ tenderId: z.string(), closedAt: z.string(), items: z.array(ProcurementApi.CommitmentView) }),
    handler: async ({ params, correlationId }) => {
      const tender = await settleTender(deps, params.tenderId, cause(correlationId));
      deps.nudge();
      if (!tender) throw notFound('PROCUREMENT.TENDER_NOT_FOUND', 'no such tender');
      if (tender.closedAt === null)
        throw conflict('PROCUREMENT.BID_SEALED', `commitments are published at ${tender.deadline}`);
      return { tenderId: tender._id, closedAt: tender.closedAt, items: tender.commitments };
    },
  });
}
