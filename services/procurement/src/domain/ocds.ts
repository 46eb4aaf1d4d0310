import { METHOD_DETAILS, OCDS_METHOD, type TenderState } from './tender';
import type { OcdsRelease } from './ocds-release';
import type { Tender } from './tender-state';

export type { OcdsRelease } from './ocds-release';

/**
 * Open Contracting Data Standard 1.1 releases of a tender, with the bid extension
 * (bids.statistics, bids.details with each published commitment as an identifier)
 * and the award-criteria breakdown extension (on the tender's single lot). A release
 * is a snapshot taken in the same write as the change it describes; the record's
 * compiled release merges them. Sealed content cannot appear before opening: the
 * server does not have it in clear until then.
 */

export const OCDS_EXTENSIONS = [
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/d62ff4b0ba393d823ca8113a9039b12edf7acb8f/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_awardCriteriaBreakdown_extension/9391240f353e8536992938fe9f7987cd89235331/extension.json',
];

export interface OcdsPublisher {
  buyerId: string;
  buyerName: string;
}

export type ReleaseTag =
  | 'planning'
  | 'tender'
  | 'tenderAmendment'
  | 'tenderUpdate'
  | 'tenderCancellation'
  | 'award'
  | 'awardUpdate'
  | 'awardCancellation'
  | 'contract';

const money = (fen: number) => ({ amount: fen / 100, currency: 'CNY' });
const partyId = (uscc: string) => `CN-USCI-${uscc}`;

export function ocdsTenderStatus(state: TenderState): 'active' | 'complete' | 'unsuccessful' | 'cancelled' {
  if (state === 'complete' || state === 'unsuccessful' || state === 'cancelled') return state;
  return 'active';
}

function parties(t: Tender, publisher: OcdsPublisher) {
  const byId = new Map<string, { id: string; name: string; identifier?: object; roles: string[] }>();
  byId.set(publisher.buyerId, {
    id: publisher.buyerId,
    name: publisher.buyerName,
    roles: ['buyer', 'procuringEntity'],
  });
  const add = (uscc: string, name: string, role: string) => {
    const id = partyId(uscc);
    const party = byId.get(id) ?? { id, name, identifier: { scheme: 'CN-USCI', id: uscc, legalName: name }, roles: [] };
    if (!party.roles.includes(role)) party.roles.push(role);
    byId.set(id, party);
  };
  for (const b of t.openedBids) add(b.uscc, b.organisationName, 'tenderer');
  for (const a of [...t.awardHistory, ...(t.award ? [t.award] : [])])
    if (a.status !== 'cancelled') add(a.uscc, a.organisationName, 'supplier');
  return [...byId.values()];
}

function bidStatus(b: Tender['openedBids'][number]): 'pending' | 'valid' | 'disqualified' {
  return b.qualification === 'qualified' ? 'valid' : b.qualification;
}

function tenderSection(t: Tender, publisher: OcdsPublisher) {
  const opened = t.closedAt !== null;
  const ranks = new Map((t.evaluation?.ranking ?? []).map((r) => [r.bidId, r.rank]));
  const lotStatus = ocdsTenderStatus(t.status);
  const section: Record<string, unknown> = {
    id: t._id,
    title: t.title,
    ...(t.description ? { description: t.description } : {}),
    status: ocdsTenderStatus(t.status),
    procuringEntity: { id: publisher.buyerId, name: publisher.buyerName },
    value: money(t.budgetCeilingFen),
    procurementMethod: OCDS_METHOD[t.method],
    procurementMethodDetails: METHOD_DETAILS[t.method],
    ...(t.methodJustification ? { procurementMethodRationale: t.methodJustification } : {}),
    mainProcurementCategory: 'services',
    awardCriteria: 'ratedCriteria',
    awardCriteriaDetails:
      '综合评分法: price score = lowest valid price / bid price × price weight; every other criterion is the mean of the evaluators’ scores (0–100) × its weight / 100.',
    submissionMethod: ['electronicSubmission'],
    submissionMethodDetails:
      'Sealed electronic bids, encrypted with a key of this tender that opens only after the deadline; each bidder gets a SHA-256 commitment receipt.',
    tenderPeriod: { startDate: t.openedAt, endDate: t.deadline },
    ...(t.servicePeriod
      ? {
          contractPeriod: {
            startDate: `${t.servicePeriod.start}T00:00:00+08:00`,
            endDate: `${t.servicePeriod.end}T23:59:59+08:00`,
          },
        }
      : {}),
    enquiryPeriod: { startDate: t.openedAt, endDate: t.enquiryPeriodEnd },
    eligibilityCriteria: [
      `Organisation kinds: ${t.eligibility.organisationKinds.join(', ')}`,
      `service areas: ${t.eligibility.serviceAreaCodes.join(', ') || 'any'}`,
      `at least ${t.eligibility.minCertifiedSocialWorkerPercent}% certified social workers`,
    ].join('; '),
    lots: [
      {
        id: '1',
        title: t.title,
        status: lotStatus,
        value: money(t.budgetCeilingFen),
        awardCriteria: {
          criteria: t.criteria.map((c) => ({
            type: c.kind === 'price' ? 'price' : 'quality',
            name: c.name,
            description: c.code,
            numbers: [{ number: c.weight, weight: 'percentageExact' }],
          })),
        },
      },
    ],
  };
  if (t.methodChanges.length > 0)
    section.amendments = t.methodChanges.map((m, i) => ({
      id: `method-${i + 1}`,
      date: m.at,
      rationale: m.reason,
      description: `procurement method changed from ${METHOD_DETAILS[m.from]} to ${METHOD_DETAILS[m.to]}`,
    }));
  if (opened) {
    section.numberOfTenderers = t.openedBids.length;
    section.tenderers = t.openedBids.map((b) => ({ id: partyId(b.uscc), name: b.organisationName }));
  }
  const award = t.award ?? t.awardHistory[t.awardHistory.length - 1];
  if (award) section.awardPeriod = { startDate: award.date, endDate: award.standstillEnd };
  const bids = opened
    ? {
        statistics: [
          { id: 'bids', measure: 'bids', value: t.openedBids.length, date: t.closedAt },
          {
            id: 'validBids',
            measure: 'validBids',
            value: t.openedBids.filter((b) => b.qualification === 'qualified').length,
          },
          {
            id: 'disqualifiedBids',
            measure: 'disqualifiedBids',
            value: t.openedBids.filter((b) => b.qualification === 'disqualified').length,
          },
        ],
        details: t.openedBids.map((b) => ({
          id: b.bidId,
          date: b.submittedAt,
          status: bidStatus(b),
          tenderers: [{ id: partyId(b.uscc), name: b.organisationName }],
          value: money(b.priceFen),
          identifiers: [{ scheme: 'SHA-256-commitment', id: b.commitment }],
          ...(ranks.has(b.bidId) ? { hasRank: true, rank: ranks.get(b.bidId) } : {}),
        })),
      }
    : undefined;
  return { section, bids };
}

function awards(t: Tender) {
  return [...t.awardHistory, ...(t.award ? [t.award] : [])].map((a) => ({
    id: a.awardId,
    title: t.title,
    status: a.status,
    date: a.date,
    value: money(a.amountFen),
    suppliers: [{ id: partyId(a.uscc), name: a.organisationName }],
    relatedBids: [a.bidId],
  }));
}

/** The release of a tender in its current state. */
export function buildRelease(
  t: Tender,
  tags: readonly ReleaseTag[],
  date: string,
  publisher: OcdsPublisher,
): OcdsRelease {
  const { section, bids } = tenderSection(t, publisher);
  const awardList = awards(t);
  const release: OcdsRelease = {
    ocid: t.ocid,
    id: `${t.ocid}-${String(t.releases.length + 1).padStart(3, '0')}`,
    date,
    tag: [...tags],
    initiationType: 'tender',
    language: 'zh',
    parties: parties(t, publisher),
    buyer: { id: publisher.buyerId, name: publisher.buyerName },
    planning: {
      rationale: `Service project ${t.projectId} designed from ${t.needIds.length} residents' needs`,
      budget: { amount: money(t.budgetFen), projectID: t.projectId, project: t.title },
    },
    tender: section,
  };
  if (bids) release.bids = bids;
  if (awardList.length > 0) release.awards = awardList;
  if (t.contract)
    release.contracts = [
      {
        id: t.contract.contractId,
        awardID: t.contract.awardId,
        title: t.title,
        status: 'active',
        value: money(t.contract.valueFen),
        dateSigned: t.contract.signedAt,
        relatedBids: t.award ? [t.award.bidId] : [],
      },
    ];
  if (t.previousTenderId)
    release.relatedProcesses = [
      {
        id: '1',
        relationship: ['unsuccessfulProcess'],
        title: 'The earlier tender for this project, which failed or was re-run',
        scheme: 'ocid',
        identifier: t.ocid.replace(t._id, t.previousTenderId),
      },
    ];
  return release;
}

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const identified = (v: Json): v is Array<Record<string, Json> & { id: Json }> =>
  Array.isArray(v) && v.length > 0 && v.every((x) => isObject(x) && 'id' in x);

/** OCDS merge: objects merge by key, arrays of objects with ids merge by id, other values are replaced. */
function merge(into: Json, from: Json): Json {
  if (isObject(into) && isObject(from)) {
    const out: Record<string, Json> = { ...into };
    for (const [k, v] of Object.entries(from)) out[k] = k in out ? merge(out[k], v) : v;
    return out;
  }
  if (identified(into) && identified(from)) {
    const out = [...into];
    for (const item of from) {
      const i = out.findIndex((x) => x.id === item.id);
      if (i >= 0) out[i] = merge(out[i], item) as (typeof out)[number];
      else out.push(item);
    }
    return out;
  }
  return from;
}

/** The compiled release of a record: every release merged in date order. */
export function compileReleases(releases: readonly OcdsRelease[]): OcdsRelease {
  const sorted = [...releases].sort((a, b) => a.date.localeCompare(b.date));
  let compiled: Json = {};
  for (const r of sorted) {
    const { id: _id, date: _date, tag: _tag, ...rest } = r;
    compiled = merge(compiled, rest);
  }
  const last = sorted[sorted.length - 1];
  if (!last) throw new Error('a record needs at least one release');
  return {
    ...(compiled as Record<string, unknown>),
    id: `${String(last.ocid)}-compiled`,
    date: last.date,
    tag: ['compiled'],
  };
}
