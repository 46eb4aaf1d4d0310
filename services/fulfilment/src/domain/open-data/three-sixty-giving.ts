import {
  KIND_LABELS,
  lastModified,
  STATUS_LABELS,
  USCI_SCHEME,
  yuan,
  type ExportedContract,
  type OrganisationFacts,
} from './common';

/**
 * 360Giving Data Standard (schema 1.4): one grant per venture-funding grant contract.
 * Only the fields filled here are typed; the standard allows more.
 */
export interface Organization360 {
  id: string;
  name: string;
  organisationType?: string;
}
export interface Location360 {
  id: string;
  name: string;
  countryCode: string;
}
export interface Transaction360 {
  id: string;
  transactionDate: string;
  value: number;
  currency: 'CNY';
}
export interface Classification360 {
  vocabulary: string;
  code: string;
  title: string;
}
export interface Grant360 {
  id: string;
  title: string;
  description: string;
  currency: 'CNY';
  amountAwarded: number;
  amountDisbursed: number;
  awardDate: string;
  plannedDates: Array<{ startDate: string; endDate: string; duration: number }>;
  actualDates?: Array<{ startDate: string; endDate: string; description: string }>;
  recipientOrganization: Organization360[];
  fundingOrganization: Organization360[];
  grantProgramme?: Array<{ code: string; title: string }>;
  beneficiaryLocation?: Location360[];
  locationScope?: string;
  fromOpenCall: 'Yes' | 'No';
  classifications: Classification360[];
  disbursementTransaction?: Transaction360[];
  dateModified: string;
}
export interface Package360 {
  grants: Grant360[];
  version: string;
  title: string;
  description: string;
  identifier: string;
  modified: string;
  publisher: { name: string };
  license: string;
}

export interface GrantContext {
  /** The publisher's 360Giving prefix, e.g. `360G-sanshe-demo`. */
  prefix: string;
  publisherName: string;
  recipient: OrganisationFacts;
  /** The venture-funding round: the grant programme of the grant (null: its award was not projected). */
  round: { title: string; awardedAt: string } | null;
  /** The funder of the round's programme (null: the round has no programme, or it is not projected yet). */
  funder: { code: string; name: string; programmeName: string } | null;
  /** Area codes of the communities the grant's project serves (empty: no project, or not known). */
  communities: string[];
}

/** 360Giving's codelist locationScope: GLS060 "Local area" (a community). */
const LOCAL_AREA = 'GLS060';
const DAYS_PER_MONTH = 365.25 / 12;

/** Months from the start to the end day inclusive, to one decimal (12 for a year less a day). */
export function durationMonths(startDate: string, endDate: string): number {
  const days = (Date.parse(endDate) - Date.parse(startDate)) / 86_400_000 + 1;
  return Math.round((days / DAYS_PER_MONTH) * 10) / 10;
}

/** A recipient is known by its USCC when procurement registered one; else by a local id under the prefix. */
export function recipientId(prefix: string, organisationId: string, uscc: string | null): string {
  return uscc ? `${USCI_SCHEME}-${uscc}` : `${prefix}-org-${organisationId}`;
}

/**
 * One grant. The amount awarded is the current revision's value (amendments replace it);
 * a terminated grant cancels its unpaid tranches, so its amount awarded is what was paid
 * (as the funders' view counts it) and the description keeps the value before termination.
 */
export function toGrant(c: ExportedContract, ctx: GrantContext): Grant360 {
  if (c.source.kind !== 'grant') throw new Error(`contract ${c._id} is not a grant`);
  const id = `${ctx.prefix}-${c.source.grantId}`;
  const paid = c.tranches.filter((t) => t.status === 'disbursed' && t.disbursedAt);
  const terminated = c.status === 'terminated' && c.termination;
  const completed = c.status === 'completed' && c.completion;
  const day = (iso: string) => iso.slice(0, 10);

  const sentences = [`${ctx.round ? `${ctx.round.title}资助项目` : '公益创投资助项目'}：${c.title}。`];
  if (c.revision > 1) sentences.push(`合同经${c.revision - 1}次修订，现值${yuan(c.valueFen)}元。`);
  if (terminated)
    sentences.push(
      `合同已于${day(c.termination!.terminatedAt)}终止：资助额${yuan(c.valueFen)}元中已拨付${yuan(c.disbursedFen)}元，未拨付部分取消。`,
    );
  if (completed) sentences.push(`已于${day(c.completion!.completedAt)}结项。`);

  const recipient: Organization360 = {
    id: recipientId(ctx.prefix, c.organisationId, ctx.recipient.uscc),
    name: ctx.recipient.name,
  };
  const kind = ctx.recipient.kind ? KIND_LABELS[ctx.recipient.kind] : undefined;
  if (kind) recipient.organisationType = kind;

  const grant: Grant360 = {
    id,
    title: c.title,
    description: sentences.join(''),
    currency: 'CNY',
    amountAwarded: yuan(terminated ? c.disbursedFen : c.valueFen),
    amountDisbursed: yuan(c.disbursedFen),
    awardDate: ctx.round?.awardedAt ?? c.signedAt,
    plannedDates: [
      {
        startDate: c.period.startDate,
        endDate: c.period.endDate,
        duration: durationMonths(c.period.startDate, c.period.endDate),
      },
    ],
    recipientOrganization: [recipient],
    fundingOrganization: [
      ctx.funder
        ? { id: `${ctx.prefix}-funder-${ctx.funder.code}`, name: ctx.funder.name }
        : { id: `${ctx.prefix}-publisher`, name: ctx.publisherName },
    ],
    fromOpenCall: 'Yes',
    classifications: [
      { vocabulary: 'sanshe-service-category', code: c.category, title: c.category },
      { vocabulary: 'sanshe-contract-status', code: c.status, title: STATUS_LABELS[c.status] },
    ],
    dateModified: lastModified(c),
  };
  if (ctx.round) grant.grantProgramme = [{ code: c.source.roundId, title: ctx.round.title }];
  if (ctx.communities.length > 0) {
    grant.beneficiaryLocation = ctx.communities.map((code) => ({ id: code, name: code, countryCode: 'CN' }));
    grant.locationScope = LOCAL_AREA;
  }
  if (terminated)
    grant.actualDates = [
      { startDate: c.period.startDate, endDate: day(c.termination!.terminatedAt), description: '合同提前终止' },
    ];
  if (completed)
    grant.actualDates = [
      { startDate: c.period.startDate, endDate: day(c.completion!.completedAt), description: '结项' },
    ];
  if (paid.length > 0)
    grant.disbursementTransaction = paid.map((t) => ({
      id: `${id}-${t.trancheId}`,
      transactionDate: t.disbursedAt!,
      value: yuan(t.amountFen),
      currency: 'CNY',
    }));
  return grant;
}

/** The data package around the grants (the standard's package schema; 1.4 is the schema's major.minor). */
export function toPackage(
  grants: Grant360[],
  meta: { prefix: string; publisherName: string; license: string; now: Date },
): Package360 {
  return {
    grants,
    version: '1.4',
    title: `${meta.publisherName}：公益创投资助`,
    description: '公益创投（社区公益服务项目资助）各笔资助的360Giving数据：资助额、拨付、期限、受助机构与资助方。',
    identifier: `${meta.prefix}-grants`,
    modified: meta.now.toISOString(),
    publisher: { name: meta.publisherName },
    license: meta.license,
  };
}
