import dayjs, { type Dayjs } from 'dayjs';
import type { EvaluationCriterion, Kpi } from '@sanshe/contracts/events/design';
import type { TrancheTerm } from '@sanshe/contracts/events/common';
import type { BudgetLineKind, ProjectView, UpdateProjectRequest } from '../../../api/design';
import { fenToYuan, yuanToFen } from '../common';

/** The editor's values: money in yuan, the period as two days; everything else as the API has it. */
export interface EditorForm {
  title: string;
  category: string;
  communityCodes: string[];
  needIds: string[];
  objectives: string[];
  kpis: Array<Partial<Kpi>>;
  servicePeriod: [Dayjs, Dayjs] | null;
  budgetLines: Array<{ kind?: BudgetLineKind; description?: string; amountYuan?: number | null }>;
  fundingMode: ProjectView['fundingMode'];
  programmeId: string | null;
  matchingFundsYuan: number | null;
  procurementMethod: ProjectView['procurementMethod'];
  methodJustification: string | null;
  evaluationCriteria: Array<Partial<EvaluationCriterion>>;
  tranches: Array<Partial<TrancheTerm>>;
  eligibility: {
    organisationKinds: ProjectView['eligibility']['organisationKinds'];
    serviceAreaCodes: string[];
    minCertifiedSocialWorkerPercent: number | null;
  };
}

export function formFromProject(p: ProjectView): EditorForm {
  return {
    title: p.title,
    category: p.category,
    communityCodes: p.communityCodes,
    needIds: p.needIds,
    objectives: p.objectives,
    kpis: p.kpis,
    servicePeriod: p.servicePeriod ? [dayjs(p.servicePeriod.start), dayjs(p.servicePeriod.end)] : null,
    budgetLines: p.budgetLines.map((l) => ({
      kind: l.kind,
      description: l.description,
      amountYuan: fenToYuan(l.amountFen),
    })),
    fundingMode: p.fundingMode,
    programmeId: p.programmeId,
    matchingFundsYuan: fenToYuan(p.matchingFundsFen),
    procurementMethod: p.procurementMethod,
    methodJustification: p.methodJustification,
    evaluationCriteria: p.evaluationCriteria,
    tranches: p.tranches,
    eligibility: p.eligibility,
  };
}

type Content = Omit<UpdateProjectRequest, 'expectedVersion'>;

const trimmed = (s: string | undefined | null) => (s ?? '').trim();

/** The form as the API's fields (the API's schema then checks them, field by field). */
export function contentFromForm(v: EditorForm): Required<Content> {
  const justification = trimmed(v.methodJustification);
  return {
    title: trimmed(v.title),
    category: v.category,
    needIds: v.needIds ?? [],
    communityCodes: v.communityCodes ?? [],
    objectives: (v.objectives ?? []).map(trimmed).filter((o) => o !== ''),
    kpis: (v.kpis ?? []).map((k) => ({
      kind: k.kind ?? 'output',
      name: trimmed(k.name),
      target: k.target ?? 0,
      unit: trimmed(k.unit),
      measurement: trimmed(k.measurement),
    })),
    servicePeriod: v.servicePeriod
      ? { start: v.servicePeriod[0].format('YYYY-MM-DD'), end: v.servicePeriod[1].format('YYYY-MM-DD') }
      : null,
    budgetLines: (v.budgetLines ?? []).map((l) => ({
      kind: l.kind ?? 'personnel',
      description: trimmed(l.description),
      amountFen: yuanToFen(l.amountYuan),
    })),
    fundingMode: v.fundingMode,
    programmeId: v.programmeId ?? null,
    matchingFundsFen: v.fundingMode === 'venture_funding' ? yuanToFen(v.matchingFundsYuan) : 0,
    procurementMethod: v.procurementMethod,
    methodJustification: justification === '' ? null : justification,
    evaluationCriteria: (v.evaluationCriteria ?? []).map((c) => ({
      code: trimmed(c.code),
      name: trimmed(c.name),
      kind: c.kind ?? 'technical',
      weight: c.weight ?? 0,
    })),
    tranches: (v.tranches ?? []).map((t) => ({ percent: t.percent ?? 0, milestone: t.milestone ?? 'signing' })),
    eligibility: {
      organisationKinds: v.eligibility?.organisationKinds ?? [],
      serviceAreaCodes: v.eligibility?.serviceAreaCodes ?? [],
      minCertifiedSocialWorkerPercent: v.eligibility?.minCertifiedSocialWorkerPercent ?? 0,
    },
  };
}

/**
 * Only what the author changed, so the version history names the fields really edited (and
 * the communities served are sent only when touched: the API keeps them as extra communities).
 */
export function patchFromForm(project: ProjectView, values: EditorForm): Content {
  const before = contentFromForm(formFromProject(project));
  const after = contentFromForm(values);
  const patch: Content = {};
  const copy = <K extends keyof Content>(key: K) => {
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) patch[key] = after[key];
  };
  for (const key of Object.keys(after) as Array<keyof Content>) copy(key);
  return patch;
}

/**
 * Where a finding or a field problem is shown: the period's three fields on its one picker, a
 * criterion's weight on its row, anything else on its top-level field or section.
 */
export function anchorOf(field: string): string {
  const path = field.replace(/^body\./, '');
  if (/^evaluationCriteria\.\d+\.weight$/.test(path)) return path;
  return path.split('.')[0] ?? path;
}

/** A request field (as the API names it in a 400) → the form field it came from. */
export function formNameOf(field: string): (string | number)[] {
  const parts = field
    .replace(/^body\./, '')
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (parts[0] === 'servicePeriod') return ['servicePeriod'];
  if (parts[0] === 'matchingFundsFen') return ['matchingFundsYuan'];
  if (parts[0] === 'budgetLines' && parts[2] === 'amountFen') return ['budgetLines', parts[1] ?? 0, 'amountYuan'];
  return parts;
}
