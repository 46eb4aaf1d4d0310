import { ProcurementApi } from '@sanshe/contracts';
import { conflict, type ApiRouter } from '@sanshe/platform';
import { z } from 'zod';
import { EVERYONE, OFFICIALS } from '../../app/access';
import { awardTender } from '../../app/award-tender';
import { fileComplaint, resolveComplaint } from '../../app/complaints';
import type { ProcurementDeps } from '../../app/deps';
import { evaluateTender } from '../../app/evaluate-tender';
import { assignPanel, declareInterest, submitScoreSheet } from '../../app/panel';
import { loadPanelTarget } from '../../app/panel-target';
import { settleTender } from '../../app/settle-tender';
import { loadTender } from '../../app/tender-store';
import { toEvaluationView, toPanelView, toTenderView } from '../../app/views';

type Deps = ProcurementDeps & { nudge: () => void };

/** Panels (tenders and rounds alike), scoring sheets, the tender's evaluation, award and complaints. */
export function registerEvaluationRoutes(api: ApiRouter, deps: Deps): void {
  const cause = (correlationId: string) => ({ correlationId, causationId: null });

  for (const kind of ['tender', 'round'] as const) {
    const base = kind === 'tender' ? '/tenders/:tenderId' : '/rounds/:roundId';
    const params = kind === 'tender' ? ProcurementApi.TenderIdParams : ProcurementApi.RoundIdParams;
    const idOf = (p: z.infer<typeof params>) => ('tenderId' in p ? p.tenderId : p.roundId);

    api.route({
      method: 'put',
      path: `${base}/panel`,
      summary: `Assign the evaluation panel of a ${kind}`,
      tags: ['evaluation'],
      roles: kind === 'tender' ? OFFICIALS : ['official', 'admin', 'funder'],
      params,
      body: ProcurementApi.AssignPanelRequest,
      response: ProcurementApi.PanelView,
      handler: async ({ params: p, body, actor }) =>
        toPanelView(await assignPanel(deps, actor, kind, idOf(p), body), actor),
    });

    api.route({
      method: 'get',
      path: `${base}/panel`,
      summary: `The panel of a ${kind}, and who is evaluated (names only) once known`,
      tags: ['evaluation'],
      roles: ['official', 'admin', 'funder', 'evaluator'],
      params,
      response: ProcurementApi.PanelView,
      handler: async ({ params: p, actor }) => toPanelView(await loadPanelTarget(deps, kind, idOf(p), actor), actor),
    });

    api.route({
      method: 'post',
      path: `${base}/panel/declaration`,
      summary: 'Declare (no) conflict of interest before seeing any content',
      tags: ['evaluation'],
      roles: ['evaluator'],
      params,
      body: ProcurementApi.DeclarationRequest,
      response: ProcurementApi.PanelView,
      handler: async ({ params: p, body, actor }) =>
        toPanelView(await declareInterest(deps, actor, kind, idOf(p), body), actor),
    });

    api.route({
      method: 'put',
      path: `${base}/panel/scores`,
      summary: 'Your scoring sheet: every subject on every scored criterion (replaces your last; all are kept)',
      tags: ['evaluation'],
      roles: ['evaluator'],
      params,
      body: ProcurementApi.ScoreSheetRequest,
      response: ProcurementApi.PanelView,
      handler: async ({ params: p, body, actor }) =>
        toPanelView(await submitScoreSheet(deps, actor, kind, idOf(p), body), actor),
    });

    api.route({
      method: 'get',
      path: `${base}/panel/sheets`,
      summary: 'Every scoring sheet ever submitted (audit)',
      tags: ['evaluation'],
      roles: kind === 'tender' ? OFFICIALS : ['official', 'admin', 'funder'],
      params,
      response: z.object({
        current: z.array(ProcurementApi.ScoreSheetView),
        history: z.array(ProcurementApi.ScoreSheetView),
      }),
      handler: async ({ params: p, actor }) => {
        const target = await loadPanelTarget(deps, kind, idOf(p), actor);
        return { current: target.panel.sheets, history: target.panel.sheetHistory };
      },
    });
  }

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/evaluation',
    summary: 'Close the scoring: means per criterion, price score by the formula, totals, ranking, outliers',
    tags: ['evaluation'],
    roles: OFFICIALS,
    params: ProcurementApi.TenderIdParams,
    response: ProcurementApi.EvaluationResult,
    handler: async ({ params, actor, correlationId }) => {
      const t = await evaluateTender(deps, actor, params.tenderId, cause(correlationId));
      const result = toEvaluationView(t);
      if (!result) throw conflict('PROCUREMENT.NOT_EVALUATED', 'no evaluation');
      return result;
    },
  });

  api.route({
    method: 'get',
    path: '/tenders/:tenderId/evaluation',
    summary: 'The evaluation result (public once made: every score is auditable)',
    tags: ['evaluation'],
    roles: EVERYONE,
    params: ProcurementApi.TenderIdParams,
    response: ProcurementApi.EvaluationResult,
    handler: async ({ params, correlationId }) => {
      const t =
        (await settleTender(deps, params.tenderId, cause(correlationId))) ?? (await loadTender(deps, params.tenderId));
      const result = toEvaluationView(t);
      if (!result) throw conflict('PROCUREMENT.NOT_EVALUATED', 'the tender has not been evaluated');
      return result;
    },
  });

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/award',
    summary: 'Propose the award to the top-ranked bid; it takes effect after the standstill period',
    tags: ['award'],
    roles: OFFICIALS,
    params: ProcurementApi.TenderIdParams,
    body: ProcurementApi.AwardTenderRequest,
    response: ProcurementApi.TenderView,
    handler: async ({ params, body, actor, correlationId }) => {
      const t = await awardTender(deps, actor, params.tenderId, body.bidId, cause(correlationId));
      deps.nudge();
      return toTenderView(t, deps.clock.now());
    },
  });

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/complaints',
    summary: 'A bidder complains during the standstill period',
    tags: ['award'],
    roles: ['org_user'],
    params: ProcurementApi.TenderIdParams,
    body: ProcurementApi.FileComplaintRequest,
    response: ProcurementApi.ComplaintView,
    status: 201,
    idempotent: true,
    handler: async ({ params, body, actor, correlationId, idempotencyKey }) => {
      const c = await fileComplaint(deps, actor, params.tenderId, body, cause(correlationId), idempotencyKey);
      return { ...c, tenderId: params.tenderId };
    },
  });

  api.route({
    method: 'get',
    path: '/tenders/:tenderId/complaints',
    summary: 'Complaints (officials: all; an organisation: its own)',
    tags: ['award'],
    roles: ['official', 'admin', 'org_user'],
    params: ProcurementApi.TenderIdParams,
    response: z.object({ items: z.array(ProcurementApi.ComplaintView) }),
    handler: async ({ params, actor }) => {
      const t = await loadTender(deps, params.tenderId);
      const official = actor.roles.includes('official') || actor.roles.includes('admin');
      return {
        items: t.complaints
          .filter((c) => official || c.organisationId === actor.organisationId)
          .map((c) => ({ ...c, tenderId: t._id })),
      };
    },
  });

  api.route({
    method: 'post',
    path: '/tenders/:tenderId/complaints/:complaintId/resolve',
    summary: 'Decide a complaint: upheld reopens the evaluation; rejected lets the award take effect',
    tags: ['award'],
    roles: OFFICIALS,
    params: ProcurementApi.ComplaintParams,
    body: ProcurementApi.ResolveComplaintRequest,
    response: ProcurementApi.TenderView,
    handler: async ({ params, body, actor, correlationId }) => {
      const t = await resolveComplaint(deps, actor, params.tenderId, params.complaintId, body, cause(correlationId));
      deps.nudge();
      return toTenderView(t, deps.clock.now());
    },
  });
}
