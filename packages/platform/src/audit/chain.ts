import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The audit log's hash chain, pure: each entry's hash covers its content and the previous
 * entry's hash, so changing, removing or reordering any entry breaks every hash after it.
 */

export type AuditKind = 'command' | 'event' | 'personal_data_read';

/** What is recorded: who did what to which resource; never the personal data itself. */
export interface AuditRecord {
  kind: AuditKind;
  /** Dedup key: an event's id, or a request's id (a retried append is not recorded twice). */
  key: string;
  at: string;
  /** The token's subject, or the service for events a consumer caused. */
  actor: string;
  roles: string[];
  /** `POST /needs/:needId/resolve`, or an event type. */
  action: string;
  /** The resource path or aggregate id. */
  resource: string;
  correlationId: string;
  outcome: number | null;
  /** sha256 of the event's data, for events; null otherwise. */
  dataDigest: string | null;
}

export interface AuditEntry extends AuditRecord {
  /** Zero-padded sequence number: the chain's order, and the document id (unique). */
  _id: string;
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
const SEQ_WIDTH = 12;

export function seqId(seq: number): string {
  return String(seq).padStart(SEQ_WIDTH, '0');
}

/** JSON with object keys sorted at every level, so a hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function contentOf(entry: AuditRecord & { seq: number; prevHash: string }): string {
  const { kind, key, at, actor, roles, action, resource, correlationId, outcome, dataDigest, seq, prevHash } = entry;
  return canonicalJson({
    kind,
    key,
    at,
    actor,
    roles,
    action,
    resource,
    correlationId,
    outcome,
    dataDigest,
    seq,
    prevHash,
  });
}

export function chainEntry(record: AuditRecord, seq: number, prevHash: string): AuditEntry {
  const hash = sha256(contentOf({ ...record, seq, prevHash }));
  return { ...record, _id: seqId(seq), seq, prevHash, hash };
}

export const ChainVerdictSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  headHash: z.string(),
  problem: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
});

export interface ChainVerdict {
  ok: boolean;
  /** Entries checked, in order. */
  checked: number;
  /** The last good entry's hash (publish it elsewhere to detect truncation later). */
  headHash: string;
  /** The first entry that breaks the chain, and why. */
  problem: { seq: number; reason: string } | null;
}

/**
 * Walks entries in sequence order, one at a time (the log may be long). A changed field fails
 * its own hash; a removed entry leaves a gap; a re-hashed forgery fails at the next entry's
 * prevHash. Truncating the tail is invisible to the chain alone: compare `headHash` with a
 * head recorded outside the store (the service logs it).
 */
export class ChainVerifier {
  private prevHash = GENESIS_HASH;
  private expected = 1;
  private checked = 0;
  private problem: ChainVerdict['problem'] = null;

  /** Checks the next entry; false once the chain is broken (later entries are not checked). */
  push(entry: AuditEntry): boolean {
    if (this.problem) return false;
    const reason =
      entry.seq !== this.expected
        ? `entry ${this.expected} is missing (found ${entry.seq} next)`
        : entry._id !== seqId(entry.seq)
          ? `entry ${this.expected} has the id of another position`
          : entry.prevHash !== this.prevHash
            ? `entry ${this.expected} does not follow the entry before it`
            : sha256(contentOf(entry)) !== entry.hash
              ? `entry ${this.expected} was changed after it was written`
              : null;
    if (reason) {
      this.problem = { seq: this.expected, reason };
      return false;
    }
    this.prevHash = entry.hash;
    this.expected += 1;
    this.checked += 1;
    return true;
  }

  verdict(): ChainVerdict {
    return { ok: this.problem === null, checked: this.checked, headHash: this.prevHash, problem: this.problem };
  }
}

export function verifyChain(entries: Iterable<AuditEntry>): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.verdict();
}
