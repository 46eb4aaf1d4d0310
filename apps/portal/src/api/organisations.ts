import { z } from 'zod';
import * as Fulfilment from '@sanshe/contracts/api/fulfilment';
import * as Procurement from '@sanshe/contracts/api/procurement';
import { request } from './client';

export type OrganisationView = z.infer<typeof Procurement.OrganisationView>;
export type RegisterOrganisationRequest = z.input<typeof Procurement.RegisterOrganisationRequest>;
export type UpdateOrganisationRequest = z.input<typeof Procurement.UpdateOrganisationRequest>;
export type SocialWorkerInput = z.input<typeof Procurement.SocialWorker>;
export type CertificateLevel = z.infer<typeof Procurement.CertificateLevel>;
export type TenderView = z.infer<typeof Procurement.TenderView>;
export type TenderStatus = z.infer<typeof Procurement.TenderStatus>;
export type BidReceipt = z.infer<typeof Procurement.BidReceipt>;
export type SubmitBidRequest = z.input<typeof Procurement.SubmitBidRequest>;
export type CommitmentView = z.infer<typeof Procurement.CommitmentView>;
export type EnquiryView = z.infer<typeof Procurement.EnquiryView>;
export type ComplaintView = z.infer<typeof Procurement.ComplaintView>;
export type RoundView = z.infer<typeof Procurement.RoundView>;
export type ApplicationView = z.infer<typeof Procurement.ApplicationView>;
export type ApplyRequest = z.input<typeof Procurement.ApplyRequest>;
export type ContractView = z.infer<typeof Fulfilment.ContractView>;
export type ServiceRecordView = z.infer<typeof Fulfilment.ServiceRecordView>;
export type RecordServiceDayRequest = z.input<typeof Fulfilment.RecordServiceDayRequest>;
export type BudgetView = z.infer<typeof Fulfilment.BudgetView>;
export type SetBudgetRequest = z.input<typeof Fulfilment.SetBudgetRequest>;
export type ExpenseReportRequest = z.input<typeof Fulfilment.ExpenseReportRequest>;

export { Fulfilment, Procurement };

const PROCUREMENT = '/api/procurement';
const FULFILMENT = '/api/fulfilment';

const Organisations = z.object({ items: z.array(Procurement.OrganisationView) });
const MyBids = z.object({ items: z.array(Procurement.BidReceipt) });
const Tenders = z.object({ items: z.array(Procurement.TenderView) });
const Enquiries = z.object({ items: z.array(Procurement.EnquiryView) });
const Complaints = z.object({ items: z.array(Procurement.ComplaintView) });
const Commitments = z.object({
  tenderId: z.string(),
  closedAt: z.string(),
  items: z.array(Procurement.CommitmentView),
});
const Rounds = z.object({ items: z.array(Procurement.RoundView) });
const Applications = z.object({ items: z.array(Procurement.ApplicationView) });
const Contracts = z.object({ items: z.array(Fulfilment.ContractView) });
const Records = z.object({ items: z.array(Fulfilment.ServiceRecordView) });

const id = encodeURIComponent;
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});
const tender = (tenderId: string, rest = '') => `${PROCUREMENT}/tenders/${id(tenderId)}${rest}`;
const contract = (contractId: string, rest = '') => `${FULFILMENT}/contracts/${id(contractId)}${rest}`;

/**
 * What social organisations and their social workers do with procurement (registry, tenders,
 * sealed bids, rounds) and fulfilment (contracts, service records, budgets); every response is
 * checked against its contract schema.
 */
export const organisationsApi = {
  // ---- registry ----
  register: (body: RegisterOrganisationRequest) =>
    request(`${PROCUREMENT}/organisations`, { body, schema: Procurement.OrganisationView, idempotent: true }),
  /** The organisations the caller may see: their own only, for an organisation's users. */
  organisations: async (signal?: AbortSignal) =>
    (await request(`${PROCUREMENT}/organisations`, { schema: Organisations, ...withSignal(signal) })).items,
  organisation: (organisationId: string, signal?: AbortSignal) =>
    request(`${PROCUREMENT}/organisations/${id(organisationId)}`, {
      schema: Procurement.OrganisationView,
      ...withSignal(signal),
    }),
  update: (organisationId: string, body: UpdateOrganisationRequest) =>
    request(`${PROCUREMENT}/organisations/${id(organisationId)}`, {
      method: 'PATCH',
      body,
      schema: Procurement.OrganisationView,
    }),
  setSocialWorkers: (organisationId: string, workers: SocialWorkerInput[]) =>
    request(`${PROCUREMENT}/organisations/${id(organisationId)}/social-workers`, {
      method: 'PUT',
      body: { workers },
      schema: Procurement.OrganisationView,
    }),

  // ---- tenders and sealed bids ----
  tenders: async (query: { status?: TenderStatus }, signal?: AbortSignal) =>
    (await request(`${PROCUREMENT}/tenders`, { query, schema: Tenders, ...withSignal(signal) })).items,
  tender: (tenderId: string, signal?: AbortSignal) =>
    request(tender(tenderId), { schema: Procurement.TenderView, ...withSignal(signal) }),
  /** Submits the organisation's sealed bid, or revises it (the same call): the commitment receipt. */
  submitBid: (tenderId: string, body: SubmitBidRequest) =>
    request(tender(tenderId, '/bids'), { body, schema: Procurement.BidReceipt, idempotent: true }),
  /** The organisation's own bids across tenders (receipts only, newest first). */
  myBids: async (signal?: AbortSignal) =>
    (await request(`${PROCUREMENT}/bids`, { schema: MyBids, ...withSignal(signal) })).items,
  receipt: (tenderId: string, bidId: string, signal?: AbortSignal) =>
    request(tender(tenderId, `/bids/${id(bidId)}`), { schema: Procurement.BidReceipt, ...withSignal(signal) }),
  withdrawBid: (tenderId: string, bidId: string) =>
    request(tender(tenderId, `/bids/${id(bidId)}/withdraw`), { method: 'POST', schema: Procurement.BidReceipt }),
  /** Published at opening (public; a 409 while the bids are sealed). */
  commitments: (tenderId: string, signal?: AbortSignal) =>
    request(tender(tenderId, '/commitments'), { schema: Commitments, ...withSignal(signal) }),
  enquiries: async (tenderId: string, signal?: AbortSignal) =>
    (await request(tender(tenderId, '/enquiries'), { schema: Enquiries, ...withSignal(signal) })).items,
  ask: (tenderId: string, question: string) =>
    request(tender(tenderId, '/enquiries'), { body: { question }, schema: Procurement.EnquiryView, idempotent: true }),
  complaints: async (tenderId: string, signal?: AbortSignal) =>
    (await request(tender(tenderId, '/complaints'), { schema: Complaints, ...withSignal(signal) })).items,
  complain: (tenderId: string, body: z.input<typeof Procurement.FileComplaintRequest>) =>
    request(tender(tenderId, '/complaints'), { body, schema: Procurement.ComplaintView, idempotent: true }),

  // ---- venture-funding rounds ----
  rounds: async (signal?: AbortSignal) =>
    (await request(`${PROCUREMENT}/rounds`, { schema: Rounds, ...withSignal(signal) })).items,
  round: (roundId: string, signal?: AbortSignal) =>
    request(`${PROCUREMENT}/rounds/${id(roundId)}`, { schema: Procurement.RoundView, ...withSignal(signal) }),
  applications: async (roundId: string, signal?: AbortSignal) =>
    (
      await request(`${PROCUREMENT}/rounds/${id(roundId)}/applications`, {
        schema: Applications,
        ...withSignal(signal),
      })
    ).items,
  apply: (roundId: string, body: ApplyRequest) =>
    request(`${PROCUREMENT}/rounds/${id(roundId)}/applications`, {
      body,
      schema: Procurement.ApplicationView,
      idempotent: true,
    }),
  withdrawApplication: (roundId: string, applicationId: string) =>
    request(`${PROCUREMENT}/rounds/${id(roundId)}/applications/${id(applicationId)}/withdraw`, {
      method: 'POST',
      schema: Procurement.ApplicationView,
    }),

  // ---- contracts ----
  contracts: async (signal?: AbortSignal) =>
    (await request(`${FULFILMENT}/contracts`, { schema: Contracts, ...withSignal(signal) })).items,
  contract: (contractId: string, signal?: AbortSignal) =>
    request(contract(contractId), { schema: Fulfilment.ContractView, ...withSignal(signal) }),
  remediate: (contractId: string, milestoneId: string, plan: string) =>
    request(contract(contractId, `/milestones/${id(milestoneId)}/remediations`), {
      body: { plan },
      schema: Fulfilment.ContractView,
    }),

  // ---- service records ----
  records: async (
    contractId: string,
    query: { needId?: string; deliveredOn?: string; confirmed?: 'true' | 'false' },
    signal?: AbortSignal,
  ) =>
    (await request(contract(contractId, '/service-records'), { query, schema: Records, ...withSignal(signal) })).items,
  recordDay: async (contractId: string, body: RecordServiceDayRequest) =>
    (await request(contract(contractId, '/service-records/day'), { body, schema: Records, idempotent: true })).items,

  // ---- budget and expenses ----
  budget: (contractId: string, signal?: AbortSignal) =>
    request(contract(contractId, '/budget'), { schema: Fulfilment.BudgetView, ...withSignal(signal) }),
  setBudget: (contractId: string, body: SetBudgetRequest) =>
    request(contract(contractId, '/budget'), { method: 'PUT', body, schema: Fulfilment.BudgetView }),
  reportExpenses: (contractId: string, body: ExpenseReportRequest) =>
    request(contract(contractId, '/expense-reports'), { body, schema: Fulfilment.BudgetView, idempotent: true }),
};
