import type { FulfilmentApi } from '@sanshe/contracts';
import type { z } from 'zod';
import { addCounters, figures, keyOfField, ZERO, type Counters } from '../domain/funding';
import type { FulfilmentDeps } from './deps';

type Query = z.infer<typeof FulfilmentApi.FundingQuery>;
type Deps = Pick<FulfilmentDeps, 'repos'>;

const pickCounters = (b: Partial<Counters>): Counters => ({
  committedFen: b.committedFen ?? 0,
  disbursedFen: b.disbursedFen ?? 0,
  spentFen: b.spentFen ?? 0,
  serviceHours: b.serviceHours ?? 0,
  serviceRecords: b.serviceRecords ?? 0,
  beneficiaries: b.beneficiaries ?? 0,
});

/**
 * Budgeted, committed, disbursed, reported spent and remaining for a programme or a funder,
 * by one dimension and period, read from the projected buckets (a few documents, however
 * many records made them). Tranches due (gate open, not yet paid) come from the contracts.
 */
export async function fundingView(deps: Deps, query: Query) {
  const scope: Record<string, unknown> = {};
  if (query.programmeId) scope.programmeId = query.programmeId;
  if (query.funderCode) scope.funderCode = query.funderCode;
  const programmes = await deps.repos.funding.programmes.find(
    query.programmeId ? { _id: query.programmeId } : query.funderCode ? { funderCode: query.funderCode } : {},
  );
  const budgeted = query.programmeId || query.funderCode ? programmes.reduce((s, p) => s + p.budgetFen, 0) : null;
  const buckets = await deps.repos.funding.buckets.find({ ...scope, period: query.period });
  const rows = new Map<string, { label: string; counters: Counters }>();
  for (const b of buckets)
    for (const [field, counters] of Object.entries(b[query.by] ?? {})) {
      const key = keyOfField(field);
      const row = rows.get(key) ?? { label: b.labels?.[field] ?? key, counters: ZERO };
      rows.set(key, { label: row.label, counters: addCounters(row.counters, pickCounters(counters)) });
    }
  const totals = [...rows.values()].reduce((sum, r) => addCounters(sum, r.counters), ZERO);

  const contractIds = (await deps.repos.funding.contracts.find(scope)).map((c) => c._id);
  const contracts = await deps.repos.contracts.find({ _id: { $in: contractIds }, status: { $ne: 'terminated' } });
  let dueCount = 0;
  let dueFen = 0;
  for (const c of contracts)
    for (const t of c.tranches) {
      const gate = c.milestones.find((m) => m.kind === t.milestone);
      if (t.status === 'scheduled' && gate?.status === 'accepted') {
        dueCount += 1;
        dueFen += t.amountFen;
      }
    }

  return {
    programmes: programmes.map((p) => ({
      programmeId: p._id,
      name: p.name,
      funderCode: p.funderCode,
      budgetFen: p.budgetFen,
    })),
    by: query.by,
    period: query.period,
    totals: figures(totals, budgeted),
    rows: [...rows.entries()]
      .map(([key, r]) => ({ key, label: r.label, ...figures(r.counters, null) }))
      .sort((a, b) => b.committedFen - a.committedFen || a.key.localeCompare(b.key)),
    tranchesDue: { count: dueCount, amountFen: dueFen },
  };
}

const CSV_COLUMNS = [
  'key',
  'label',
  'committedFen',
  'disbursedFen',
  'spentFen',
  'serviceHours',
  'serviceRecords',
  'beneficiaries',
  'burnRatePercent',
  'costPerBeneficiaryFen',
  'costPerServiceHourFen',
] as const;

const cell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  // Quote what needs it, and neutralise formulas a spreadsheet would run.
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export function fundingCsv(view: Awaited<ReturnType<typeof fundingView>>): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of view.rows) lines.push(CSV_COLUMNS.map((c) => cell(row[c])).join(','));
  lines.push(CSV_COLUMNS.map((c) => cell(c === 'key' ? 'TOTAL' : c === 'label' ? '合计' : view.totals[c])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
