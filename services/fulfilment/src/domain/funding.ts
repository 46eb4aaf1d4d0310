/**
 * Funders' views: counters per bucket (programme × dimension × key × period), maintained
 * from events. A view reads a few buckets, however many records made them.
 */
export const DIMENSIONS = ['total', 'category', 'district', 'street', 'community', 'organisation'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface ContractFacts {
  programmeId: string;
  funderCode: string;
  category: string;
  organisationId: string;
  organisationName: string;
  communityCode: string;
}

export interface Counters {
  committedFen: number;
  disbursedFen: number;
  spentFen: number;
  serviceHours: number;
  serviceRecords: number;
  beneficiaries: number;
}

export const ZERO: Counters = {
  committedFen: 0,
  disbursedFen: 0,
  spentFen: 0,
  serviceHours: 0,
  serviceRecords: 0,
  beneficiaries: 0,
};

export const UNKNOWN = 'unknown';

/** 'XZ-GL-HL-01' → district XZ-GL, street XZ-GL-HL, community XZ-GL-HL-01 (the area-code hierarchy). */
export function areaLevels(code: string): { district: string; street: string; community: string } {
  if (code === UNKNOWN) return { district: UNKNOWN, street: UNKNOWN, community: UNKNOWN };
  const parts = code.split('-');
  return {
    district: parts.slice(0, 2).join('-'),
    street: parts.slice(0, 3).join('-'),
    community: code,
  };
}

export function dimensionKey(facts: ContractFacts, dimension: Dimension): string {
  switch (dimension) {
    case 'total':
      return '*';
    case 'category':
      return facts.category;
    case 'organisation':
      return facts.organisationId;
    default:
      return areaLevels(facts.communityCode)[dimension];
  }
}

/** Keys become field names of the bucket document: no dots or dollars in them. */
export const fieldKey = (key: string) => key.replaceAll('%', '%25').replaceAll('.', '%2E').replaceAll('$', '%24');
export const keyOfField = (field: string) => field.replaceAll('%24', '$').replaceAll('%2E', '.').replaceAll('%25', '%');

export const bucketId = (programmeId: string, period: string) => `${programmeId}|${period}`;

/**
 * One bucket document per programme and period (a month, and all time) holds every
 * dimension's counters, so projecting an event is two single-document upserts.
 */
export function bucketUpdates(facts: ContractFacts, month: string | null, delta: Partial<Counters>) {
  const inc: Record<string, number> = {};
  const set: Record<string, string> = {};
  for (const dimension of DIMENSIONS) {
    const field = fieldKey(dimensionKey(facts, dimension));
    for (const [counter, value] of Object.entries(delta)) if (value) inc[`${dimension}.${field}.${counter}`] = value;
    if (dimension === 'organisation') set[`labels.${field}`] = facts.organisationName;
  }
  return (month ? [month, 'all'] : ['all']).map((period) => ({
    _id: bucketId(facts.programmeId, period),
    update: { $set: { programmeId: facts.programmeId, funderCode: facts.funderCode, period, ...set }, $inc: inc },
  }));
}

export const monthOf = (isoDateOrTime: string) => isoDateOrTime.slice(0, 7);

export function addCounters(a: Counters, b: Partial<Counters>): Counters {
  return {
    committedFen: a.committedFen + (b.committedFen ?? 0),
    disbursedFen: a.disbursedFen + (b.disbursedFen ?? 0),
    spentFen: a.spentFen + (b.spentFen ?? 0),
    serviceHours: a.serviceHours + (b.serviceHours ?? 0),
    serviceRecords: a.serviceRecords + (b.serviceRecords ?? 0),
    beneficiaries: a.beneficiaries + (b.beneficiaries ?? 0),
  };
}

/** The figures a funder reads off counters: what is left, how fast it burns, what a beneficiary and an hour cost. */
export function figures(c: Counters, budgetedFen: number | null) {
  return {
    ...c,
    serviceHours: Math.round(c.serviceHours * 100) / 100,
    budgetedFen,
    remainingFen: budgetedFen === null ? null : budgetedFen - c.committedFen,
    /** Disbursed as a share of committed. */
    burnRatePercent: c.committedFen ? Math.round((1000 * c.disbursedFen) / c.committedFen) / 10 : null,
    costPerBeneficiaryFen: c.beneficiaries ? Math.round(c.disbursedFen / c.beneficiaries) : null,
    costPerServiceHourFen: c.serviceHours ? Math.round(c.disbursedFen / c.serviceHours) : null,
  };
}
