import { z } from 'zod';
import * as Intake from '@sanshe/contracts/api/intake';
import { request } from './client';

export type NeedView = z.infer<typeof Intake.NeedView>;
export type NeedList = z.infer<typeof Intake.NeedList>;
export type AreaView = z.infer<typeof Intake.AreaView>;
export type CategoryView = z.infer<typeof Intake.CategoryView>;
export type CategoryAttribute = z.infer<typeof Intake.CategoryAttribute>;
export type LogNeedRequest = z.input<typeof Intake.LogNeedRequest>;
export type LogNeedResponse = z.infer<typeof Intake.LogNeedResponse>;
export type NeedImportView = z.infer<typeof Intake.NeedImportView>;
export type NeedStats = z.infer<typeof Intake.NeedStats>;
export type NeedStatsGroupBy = z.infer<typeof Intake.NeedStatsGroupBy>;
export type PublicCaseView = z.infer<typeof Intake.PublicCaseView>;
export type SlaState = z.infer<typeof Intake.SlaState>;
export type ListNeedsQuery = Partial<z.infer<typeof Intake.ListNeedsQuery>>;
export type ResolveNeedRequest = z.infer<typeof Intake.ResolveNeedRequest>;

export { Intake };

const BASE = '/api/intake';
const Categories = z.object({ items: z.array(Intake.CategoryView) });
const Areas = z.object({ items: z.array(Intake.AreaView) });

/** The needs-intake API (stable): every response checked against its contract schema. */
export const intakeApi = {
  categories: async () => (await request(`${BASE}/categories`, { schema: Categories })).items,
  areas: async () => (await request(`${BASE}/areas`, { schema: Areas })).items,

  logNeed: (body: LogNeedRequest) =>
    request(`${BASE}/needs`, { body, schema: Intake.LogNeedResponse, idempotent: true }),
  listNeeds: (query: ListNeedsQuery, signal?: AbortSignal) =>
    request(`${BASE}/needs`, { query, schema: Intake.NeedList, ...(signal ? { signal } : {}) }),
  need: (needId: string) => request(`${BASE}/needs/${encodeURIComponent(needId)}`, { schema: Intake.NeedView }),

  acknowledge: (needId: string) => command(needId, 'acknowledge', {}),
  reassign: (needId: string, body: z.input<typeof Intake.ReassignNeedRequest>) => command(needId, 'reassign', body),
  resolve: (needId: string, body: ResolveNeedRequest) => command(needId, 'resolve', body),
  withdraw: (needId: string, body: z.input<typeof Intake.WithdrawNeedRequest>) => command(needId, 'withdraw', body),
  close: (needId: string, body: z.input<typeof Intake.CloseNeedRequest>) => command(needId, 'close', body),

  startImport: (csv: string) =>
    request(`${BASE}/imports`, {
      body: csv,
      contentType: 'text/csv; charset=utf-8',
      schema: Intake.NeedImportAccepted,
      idempotent: true,
    }),
  importProgress: (importId: string) =>
    request(`${BASE}/imports/${encodeURIComponent(importId)}`, { schema: Intake.NeedImportView }),

  stats: (query: { groupBy: NeedStatsGroupBy; area?: string; from?: string; to?: string }) =>
    request(`${BASE}/stats/needs`, { query, schema: Intake.NeedStats }),

  track: (body: { caseNumber: string; phoneLast4: string }) =>
    request(`${BASE}/track`, { body, anonymous: true, schema: Intake.PublicCaseView }),
};

function command(needId: string, action: string, body: unknown) {
  return request(`${BASE}/needs/${encodeURIComponent(needId)}/${action}`, { body, schema: Intake.NeedView });
}
