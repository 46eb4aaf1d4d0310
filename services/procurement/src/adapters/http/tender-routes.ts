import { ProcurementApi } from '@sanshe/contracts';
import { conflict, notFound, type ApiRouter } from '@sanshe/platform';
import { z } from 'zod';
import { EVERYONE, OFFICIALS } from '../../app/access';
import { cancelTender } from '../../app/cancel-tender';
import { continueTender } from '../../app/continue-tender';
import type { ProcurementDeps } from '../../app/deps';
import { answerEnquiry, askEnquiry, listEnquiries } from '../../app/enquiries';
import { qualifyBids } from '../../app/qualify-bids';
import { recommendOrganisations } from '../../app/recommend-organisations';
import { rerunTender } from '../../app/rerun-tender';
import { settleTender } from '../../app/settle-tender';
import { toTenderView } from '../../app/views';

type Deps = ProcurementDeps & { nudge: () => void };

/** Tenders: listing, the clock-settled view, enquiries, qualification, 流标 handling, cancellation, recommendations. */
export function registerTenderRoutes(api: ApiRouter, deps: Deps): void {
  const cause = (correlationId: string) => ({ correlationId, causationId: null });
  const view = (t: Parameters<typeof toTenderView>[0]) => toTenderView(t, deps.clock.now());
  const settled = async (tenderId: string, correlationId: string) => {
    const t = await settleTender(deps, tenderId, cause(correlationId));
    deps.nudge();
    if (!t) throw notFound('PROCUREMENT.TENDER_NOT_FOUND', 'no such tender');
    return t;
  };

  api.route({
    method: 'get',
    path: '/tenders',
    summary: 'Tenders, newest first',
    tags: ['tenders'],
    roles: EVERYONE,
    query: ProcurementApi.ListTendersQuery,
    response: z.object({ items: z.array(ProcurementApi.TenderView) }),
    handler: async ({ query, correlationId }) => {
      const filter: Record<string, unknown> = {};
      if (query.projectId) filter.projectId = query.projectId;
      const now = deps.clock.now().toISOString();
      if (query.status === 'enquiry') Object.assign(filter, { status: 'tendering', enquiryPeriodEnd: { $gt: now } });
      else if (query.status === 'tendering')
        Object.assign(filter, { status: 'tendering', enquiryPeriodEnd: { $lte: now } });
      else if (query.status) filter.status = query.status;
      const found = await deps.repos.tenders.find(filter, { sort: { openedAt: -1 }, limit: 100 });
      // Whatever the clock made due is applied before it is shown.
      const items = await Promise.all(found.map((t) => settled(t._id, correlationId)));
      return { items: items.map(view) };
    },
  });

  api.route({
    method: 'get',
    path: '/tenders/:tenderId',
    summary: 'A tender (never its bids before the deadline; not even how many)',
    tags: ['tenders'],
    roles: EVERYONE,
    params: ProcurementApi.TenderIdParams,
    response: ProcurementApi.TenderView,
    handler: async ({ params, correlationId }) => view(await settled(params.tenderId, correlationId)),
  });

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/enquiries',
    summary: 'Ask a question during the enquiry period (published without naming who asked)',
    tags: ['enquiries'],
    roles: ['org_user'],
    params: ProcurementApi.TenderIdParams,
    body: ProcurementApi.AskEnquiryRequest,
    response: ProcurementApi.EnquiryView,
    status: 201,
    idempotent: true,
    handler: async ({ params, body, actor, idempotencyKey }) => {
      const e = await askEnquiry(deps, actor, params.tenderId, body.question, idempotencyKey);
      return { enquiryId: e._id, question: e.question, askedAt: e.askedAt, answer: null, answeredAt: null, mine: true };
    },
  });

  api.route({
    method: 'get',
    path: '/tenders/:tenderId/enquiries',
    summary: 'Enquiries and answers (never who asked)',
    tags: ['enquiries'],
    roles: EVERYONE,
    params: ProcurementApi.TenderIdParams,
    response: z.object({ items: z.array(ProcurementApi.EnquiryView) }),
    handler: async ({ params, actor }) => ({
      items: (await listEnquiries(deps, actor, params.tenderId)).map(({ enquiry: e, mine }) => ({
        enquiryId: e._id,
        question: e.question,
        askedAt: e.askedAt,
        answer: e.answer,
        answeredAt: e.answeredAt,
        mine,
      })),
    }),
  });

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/enquiries/:enquiryId/answer',
    summary: 'Answer an enquiry (published to all)',
    tags: ['enquiries'],
    roles: OFFICIALS,
    params: ProcurementApi.EnquiryParams,
    body: ProcurementApi.AnswerEnquiryRequest,
    response: ProcurementApi.EnquiryView,
    handler: async ({ params, body, actor }) => {
      const e = await answerEnquiry(deps, actor, params.tenderId, params.enquiryId, body.answer);
      return {
        enquiryId: e._id,
        question: e.question,
        askedAt: e.askedAt,
        answer: e.answer,
        answeredAt: e.answeredAt,
        mine: false,
      };
    },
  });

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/qualification',
    summary: 'Qualify the opened bids, or disqualify them with reasons',
    tags: ['qualification'],
    roles: OFFICIALS,
    params: ProcurementApi.TenderIdParams,
    body: ProcurementApi.QualifyBidsRequest,
    response: ProcurementApi.TenderView,
    handler: async ({ params, body, actor, correlationId }) => {
      const t = await qualifyBids(deps, actor, params.tenderId, body, cause(correlationId));
      deps.nudge();
      return view(t);
    },
  });

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/continue',
    summary: 'After 流标, continue under another method with the bids received (reason recorded)',
    tags: ['tenders'],
    roles: OFFICIALS,
    params: ProcurementApi.TenderIdParams,
    body: ProcurementApi.ContinueTenderRequest,
    response: ProcurementApi.TenderView,
    handler: async ({ params, body, actor }) => view(await continueTender(deps, actor, params.tenderId, body)),
  });

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/rerun',
    summary: 'Re-run a failed or cancelled tender as a new procedure, possibly by another method (reason recorded)',
    tags: ['tenders'],
    roles: OFFICIALS,
    params: ProcurementApi.TenderIdParams,
    body: ProcurementApi.RerunTenderRequest,
    response: ProcurementApi.TenderView,
    status: 201,
    handler: async ({ params, body, actor, correlationId }) => {
      const t = await rerunTender(deps, actor, params.tenderId, body, cause(correlationId));
      deps.nudge();
      return view(t);
    },
  });

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/cancel',
    summary: 'Cancel the procedure, with the reason',
    tags: ['tenders'],
    roles: OFFICIALS,
    params: ProcurementApi.TenderIdParams,
    body: ProcurementApi.CancelRequest,
    response: ProcurementApi.TenderView,
    handler: async ({ params, body, actor, correlationId }) => {
      const t = await cancelTender(deps, actor.sub, params.tenderId, body.reason, cause(correlationId));
      deps.nudge();
      return view(t);
    },
  });

  api.route({
    method: 'get',
    path: '/tenders/:tenderId/recommendations',
    summary: 'Organisations worth inviting, ranked, with the reasons',
    tags: ['tenders'],
    roles: OFFICIALS,
    params: ProcurementApi.TenderIdParams,
    response: ProcurementApi.RecommendationsView,
    handler: async ({ params, actor }) => {
      const result = await recommendOrganisations(deps, actor, params.tenderId);
      if (!result) throw conflict('PROCUREMENT.TENDER_NOT_FOUND', 'no such tender');
      return result;
    },
  });
}
