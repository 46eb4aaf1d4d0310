import { createHash } from 'node:crypto';
import type { Contract } from '../contract';

/** The contract facts the open-data exports read; nothing about residents, needs or staff. */
export type ExportedContract = Pick<
  Contract,
  | '_id'
  | 'source'
  | 'projectId'
  | 'organisationId'
  | 'organisationName'
  | 'title'
  | 'category'
  | 'valueFen'
  | 'disbursedFen'
  | 'status'
  | 'period'
  | 'tranches'
  | 'signedAt'
  | 'revision'
  | 'amendments'
  | 'termination'
  | 'completion'
>;

/** The recipient or contracted organisation, as procurement registered it (null fields: not projected yet). */
export interface OrganisationFacts {
  name: string;
  uscc: string | null;
  kind: string | null;
}

/** Yuan from fen, exactly: fen are integers, so fen / 100 has at most two decimals. */
export const yuan = (fen: number): number => fen / 100;

/**
 * org-id.guide lists China's unified social credit identifier as `CN-USCI`
 * (org-id/register lists/cn/cn-usci.json); procurement's OCDS parties use the same scheme.
 */
export const USCI_SCHEME = 'CN-USCI';

export const KIND_LABELS: Readonly<Record<string, string>> = {
  social_association: '社会团体',
  private_non_enterprise_unit: '民办非企业单位',
  foundation: '基金会',
};

export const STATUS_LABELS: Readonly<Record<Contract['status'], string>> = {
  active: '履行中',
  completed: '已结项',
  terminated: '已终止',
};

/** The last change of anything an export shows: signing, an amendment, a payment, completion or termination. */
export function lastModified(c: ExportedContract): string {
  const times = [
    c.signedAt,
    ...c.amendments.map((a) => a.amendedAt),
    ...c.tranches.flatMap((t) => (t.disbursedAt ? [t.disbursedAt] : [])),
    ...(c.termination ? [c.termination.terminatedAt] : []),
    ...(c.completion ? [c.completion.completedAt] : []),
  ];
  // All are UTC ISO strings from the clock, so the greatest string is the latest time.
  return times.reduce((latest, t) => (t > latest ? t : latest));
}

/** Fixed namespace of Sanshe's open-data identifiers (a random UUID chosen once). */
const NAMESPACE = Buffer.from('6f0c1d3e9a7b4c52b8e1d24f7a9c3e10', 'hex');

/**
 * A name-based UUID (RFC 4122 version 5): HSDS wants UUIDs for every entity, and rows
 * made from a contract (service areas, attributes, identifiers) must keep theirs across
 * exports, so they are derived from what they describe rather than stored.
 */
export function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
