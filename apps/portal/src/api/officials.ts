import { z } from 'zod';
import * as Design from '@sanshe/contracts/api/design';
import * as Fulfilment from '@sanshe/contracts/api/fulfilment';
import * as Procurement from '@sanshe/contracts/api/procurement';
import { ApiError, request } from './client';

/**
 * What the officials' screens call: project review (design), tenders, rounds, panels and
 * awards (procurement), tranche approvals (fulfilment). Every response is checked against
 * the services' own contract schemas.
 */
export type ProjectView = z.infer<typeof Design.ProjectView>;
export type ProgrammeView = z.infer<typeof Design.ProgrammeView>;
export type LintResult = z.infer<typeof Design.LintResult>;
export type PolicyVersionView = z.infer<typeof Design.PolicyVersionView>;
export type ProjectStatus = z.infer<typeof Design.ProjectStatus>;
export type TenderView = z.infer<typeof Procurement.TenderView>;
export type TenderStatus = z.infer<typeof Procurement.TenderStatus>;
export type OpenedBidView = z.infer<typeof Procurement.OpenedBidView>;
export type PanelView = z.infer<typeof Procurement.PanelView>;
export type ScoreSheetView = z.infer<typeof Procurement.ScoreSheetView>;
export type EvaluationResult = z.infer<typeof Procurement.EvaluationResult>;
export type ComplaintView = z.infer<typeof Procurement.ComplaintView>;
export type RoundView = z.infer<typeof Procurement.RoundView>;
export type ApplicationView = z.infer<typeof Procurement.ApplicationView>;
export type RoundEvaluationView = z.infer<typeof Procurement.RoundEvaluationView>;
export type ProcurementPolicy = z.infer<typeof Procurement.PolicyView>;
export type AssignPanelRequest = z.input<typeof Procurement.AssignPanelRequest>;
export type ScoreSheetRequest = z.input<typeof Procurement.ScoreSheetRequest>;
export type QualifyBidsRequest = z.input<typeof Procurement.QualifyBidsRequest>;
export type OpenRoundRequest = z.input<typeof Procurement.OpenRoundRequest>;
export type ProcurementMethod = TenderView['method'];
export type ContractView = z.infer<typeof Fulfilment.ContractView>;
export type PanelKind = 'tender' | 'round';

const DESIGN = '/api/design';
const PROCUREMENT = '/api/procurement';
const FULFILMENT = '/api/fulfilment';

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const Sheets = z.object({
  current: z.array(Procurement.ScoreSheetView),
  history: z.array(Procurement.ScoreSheetView),
});
const Policies = z.object({ inForce: Procurement.PolicyView, all: z.array(Procurement.PolicyView) });
const id = encodeURIComponent;
const signalOf = (signal?: AbortSignal) => (signal ? { signal } : {});

/** A 409 that means "not yet" (e.g. no evaluation made): the screen shows nothing rather than an error. */
async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 409 || error.status === 404)) return null;
    throw error;
  }
}

const panelBase = (kind: PanelKind, targetId: string) =>
  `${PROCUREMENT}/${kind === 'tender' ? 'tenders' : 'rounds'}/${id(targetId)}/panel`;

export const officialsApi = {
  // ---------- project design ----------
  projects: async (status: ProjectStatus, signal?: AbortSignal) =>
    (
      await request(`${DESIGN}/projects`, {
        query: { status, limit: 200 },
        schema: list(Design.ProjectView),
        ...signalOf(signal),
      })
    ).items,
  project: (projectId: string) => request(`${DESIGN}/projects/${id(projectId)}`, { schema: Design.ProjectView }),
  lint: (projectId: string) =>
    request(`${DESIGN}/projects/${id(projectId)}/lint`, { method: 'POST', schema: Design.LintResult }),
  approve: (projectId: string) =>
    request(`${DESIGN}/projects/${id(projectId)}/approve`, { method: 'POST', schema: Design.ProjectView }),
  returnProject: (projectId: string, comments: string) =>
    request(`${DESIGN}/projects/${id(projectId)}/return`, { body: { comments }, schema: Design.ProjectView }),
  /** Publishing a government purchase opens its tender; a venture-funding project opens a round. */
  publish: (projectId: string, bidDeadline?: string) =>
    request(`${DESIGN}/projects/${id(projectId)}/publish`, {
      body: bidDeadline ? { bidDeadline } : {},
      schema: Design.ProjectView,
    }),
  programme: (programmeId: string) =>
    request(`${DESIGN}/programmes/${id(programmeId)}`, { schema: Design.ProgrammeView }),
  programmes: async () => (await request(`${DESIGN}/programmes`, { schema: list(Design.ProgrammeView) })).items,
  designPolicies: async () => (await request(`${DESIGN}/policies`, { schema: list(Design.PolicyVersionView) })).items,

  // ---------- tenders ----------
  tenders: async (query: { projectId?: string } = {}, signal?: AbortSignal) =>
    (
      await request(`${PROCUREMENT}/tenders`, {
        query,
        schema: list(Procurement.TenderView),
        ...signalOf(signal),
      })
    ).items,
  tender: (tenderId: string) => request(`${PROCUREMENT}/tenders/${id(tenderId)}`, { schema: Procurement.TenderView }),
  procurementPolicy: () => request(`${PROCUREMENT}/policies`, { schema: Policies, anonymous: true }),
  /** The opened bids; null while they are sealed (409) or not readable by this user yet. */
  bids: (tenderId: string) =>
    orNull(
      request(`${PROCUREMENT}/tenders/${id(tenderId)}/bids`, { schema: list(Procurement.OpenedBidView) }).then(
        (r) => r.items,
      ),
    ),
  qualify: (tenderId: string, body: QualifyBidsRequest) =>
    request(`${PROCUREMENT}/tenders/${id(tenderId)}/qualification`, { body, schema: Procurement.TenderView }),
  cancelTender: (tenderId: string, reason: string) =>
    request(`${PROCUREMENT}/tenders/${id(tenderId)}/cancel`, { body: { reason }, schema: Procurement.TenderView }),
  continueTender: (tenderId: string, body: { method: ProcurementMethod; reason: string }) =>
    request(`${PROCUREMENT}/tenders/${id(tenderId)}/continue`, { body, schema: Procurement.TenderView }),
  rerunTender: (tenderId: string, body: { reason: string; method?: ProcurementMethod; tenderPeriodSeconds?: number }) =>
    request(`${PROCUREMENT}/tenders/${id(tenderId)}/rerun`, { body, schema: Procurement.TenderView }),
  evaluate: (tenderId: string) =>
    request(`${PROCUREMENT}/tenders/${id(tenderId)}/evaluation`, {
      method: 'POST',
      schema: Procurement.EvaluationResult,
    }),
  /** Null until the tender has been evaluated. */
  evaluation: (tenderId: string) =>
    orNull(request(`${PROCUREMENT}/tenders/${id(tenderId)}/evaluation`, { schema: Procurement.EvaluationResult })),
  award: (tenderId: string) =>
    request(`${PROCUREMENT}/tenders/${id(tenderId)}/award`, { body: {}, schema: Procurement.TenderView }),
  complaints: async (tenderId: string) =>
    (await request(`${PROCUREMENT}/tenders/${id(tenderId)}/complaints`, { schema: list(Procurement.ComplaintView) }))
      .items,
  resolveComplaint: (
    tenderId: string,
    complaintId: string,
    body: { decision: 'upheld' | 'rejected'; resolution: string },
  ) =>
    request(`${PROCUREMENT}/tenders/${id(tenderId)}/complaints/${id(complaintId)}/resolve`, {
      body,
      schema: Procurement.TenderView,
    }),

  // ---------- panels (tenders and rounds) ----------
  /** Null when the user is not on this panel (404) or it cannot be read now. */
  panel: (kind: PanelKind, targetId: string, signal?: AbortSignal) =>
    orNull(request(panelBase(kind, targetId), { schema: Procurement.PanelView, ...signalOf(signal) })),
  assignPanel: (kind: PanelKind, targetId: string, body: AssignPanelRequest) =>
    request(panelBase(kind, targetId), { method: 'PUT', body, schema: Procurement.PanelView }),
  declare: (kind: PanelKind, targetId: string, body: { conflictOfInterest: boolean; statement: string }) =>
    request(`${panelBase(kind, targetId)}/declaration`, { body, schema: Procurement.PanelView }),
  submitScores: (kind: PanelKind, targetId: string, body: ScoreSheetRequest) =>
    request(`${panelBase(kind, targetId)}/scores`, { method: 'PUT', body, schema: Procurement.PanelView }),
  sheets: (kind: PanelKind, targetId: string) =>
    orNull(request(`${panelBase(kind, targetId)}/sheets`, { schema: Sheets })),

  // ---------- venture-funding rounds ----------
  rounds: async (signal?: AbortSignal) =>
    (await request(`${PROCUREMENT}/rounds`, { schema: list(Procurement.RoundView), ...signalOf(signal) })).items,
  round: (roundId: string) => request(`${PROCUREMENT}/rounds/${id(roundId)}`, { schema: Procurement.RoundView }),
  openRound: (body: OpenRoundRequest) =>
    request(`${PROCUREMENT}/rounds`, { body, schema: Procurement.RoundView, idempotent: true }),
  applications: async (roundId: string) =>
    (
      await request(`${PROCUREMENT}/rounds/${id(roundId)}/applications`, {
        schema: list(Procurement.ApplicationView),
      })
    ).items,
  evaluateRound: (roundId: string) =>
    request(`${PROCUREMENT}/rounds/${id(roundId)}/evaluation`, {
      method: 'POST',
      schema: Procurement.RoundEvaluationView,
    }),
  roundEvaluation: (roundId: string) =>
    orNull(request(`${PROCUREMENT}/rounds/${id(roundId)}/evaluation`, { schema: Procurement.RoundEvaluationView })),
  awardRound: (roundId: string) =>
    request(`${PROCUREMENT}/rounds/${id(roundId)}/award`, { method: 'POST', schema: Procurement.RoundView }),

  // ---------- fulfilment ----------
  contracts: async (signal?: AbortSignal) =>
    (await request(`${FULFILMENT}/contracts`, { schema: list(Fulfilment.ContractView), ...signalOf(signal) })).items,
  acceptMilestone: (contractId: string, milestoneId: string) =>
    request(`${FULFILMENT}/contracts/${id(contractId)}/milestones/${id(milestoneId)}/accept`, {
      method: 'POST',
      schema: Fulfilment.ContractView,
    }),
  disburse: (contractId: string, trancheId: string) =>
    request(`${FULFILMENT}/contracts/${id(contractId)}/tranches/${id(trancheId)}/disburse`, {
      method: 'POST',
      schema: Fulfilment.ContractView,
    }),
};
