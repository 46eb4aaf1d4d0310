import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { DuplicateKeyError, type Collection, type DocumentStore } from '../store/port';
import {
  ChainVerifier,
  chainEntry,
  GENESIS_HASH,
  sha256,
  canonicalJson,
  type AuditEntry,
  type AuditRecord,
  type ChainVerdict,
} from './chain';

export const AUDIT_COLLECTION = 'audit_log';
/** Every this many entries the service logs the chain's head, an anchor outside the store. */
const ANCHOR_EVERY = 1000;
const PAGE = 1000;
const MAX_ATTEMPTS = 50;
/** Records appended together at most (group commit, see enqueue). */
const MAX_GROUP = 1000;

export interface AuditLog {
  /** Appends one record at the end of the chain; a record whose key is already there is skipped. */
  append(record: AuditInput): Promise<void>;
  /** Appends several records in one write, in order (the outbox relay's events). */
  appendMany(records: readonly AuditInput[]): Promise<void>;
  /** Re-computes the whole chain from the store. */
  verify(): Promise<ChainVerdict>;
  readonly collection: Collection<AuditEntry>;
}

export type AuditInput = Omit<AuditRecord, 'at'> & { at?: string };

export function digestOf(data: unknown): string {
  return sha256(canonicalJson(data));
}

/**
 * The append-only audit log of one service, in its own store. Appends are serialised by the
 * store itself: an entry's id is its sequence number, so two writers that read the same tail
 * race for one id and the loser re-reads and re-chains (no transactions needed, and none exist
 * on the MongoDB-wire server). The service writes nothing else here and never updates.
 */
export function createAuditLog(store: DocumentStore, options: { clock: Clock; logger?: Logger }): AuditLog {
  const collection = store.collection<AuditEntry>(AUDIT_COLLECTION);
  let keyIndex: Promise<void> | null = null;
  const ensureIndex = () =>
    (keyIndex ??= collection.createIndex({ keys: { key: 1 }, unique: true, name: 'audit_key' }));

  async function readTail(): Promise<{ seq: number; hash: string }> {
    const [last] = await collection.find({}, { sort: { _id: -1 }, limit: 1 });
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  // The tail this process last saw; another process's appends make an insert collide, which
  // sends us back to the store for the real tail. Appends in this process go one at a time.
  let tail: { seq: number; hash: string } | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  /** Records waiting for the append in flight to finish; they go in together (group commit). */
  let waiting: { records: AuditRecord[]; done: Promise<void> } | null = null;

  /**
   * Chains the records after the tail and inserts them in order. An insert stops at the first
   * collision (another process took a position): what went in before it is a valid chain, so
   * re-read the tail and chain what is left.
   */
  async function appendNow(records: AuditRecord[]): Promise<void> {
    await ensureIndex();
    let pending = records;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const known = await collection.find({ key: { $in: pending.map((r) => r.key) } });
      const seen = new Set(known.map((e) => e.key));
      pending = pending.filter((r) => !seen.has(r.key) && seen.add(r.key));
      if (pending.length === 0) return;
      tail ??= await readTail();
      const entries: AuditEntry[] = [];
      for (const record of pending) {
        const previous = entries[entries.length - 1] ?? tail;
        entries.push(chainEntry(record, previous.seq + 1, previous.hash));
      }
      try {
        await collection.insertMany(entries);
        const last = entries[entries.length - 1]!;
        const anchored = entries.find((e) => e.seq % ANCHOR_EVERY === 0);
        if (anchored) options.logger?.info({ auditSeq: anchored.seq, auditHead: anchored.hash }, 'audit chain anchor');
        tail = { seq: last.seq, hash: last.hash };
        return;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
        tail = null;
      }
    }
    throw new Error(`audit append lost ${MAX_ATTEMPTS} races in a row`);
  }

  /**
   * Appends go one at a time, in order; what arrives while one is in flight waits and goes in
   * with everything else that arrived meanwhile, as one append (one read, one insert), so a
   * busy service's writes share the round trips instead of queueing behind each other. Each
   * caller's promise settles when its records are stored (or with the append's error).
   */
  function enqueue(records: AuditRecord[]): Promise<void> {
    if (waiting && waiting.records.length + records.length <= MAX_GROUP) {
      waiting.records.push(...records);
      return waiting.done;
    }
    const group: { records: AuditRecord[]; done: Promise<void> } = { records: [...records], done: Promise.resolve() };
    group.done = queue.then(() => {
      if (waiting === group) waiting = null;
      return appendNow(group.records);
    });
    waiting = group;
    queue = group.done.catch(() => undefined);
    return group.done;
  }

  return {
    collection,
    append(input) {
      return enqueue([{ ...input, at: input.at ?? options.clock.now().toISOString() }]);
    },
    appendMany(inputs) {
      const at = options.clock.now().toISOString();
      return inputs.length === 0 ? Promise.resolve() : enqueue(inputs.map((r) => ({ ...r, at: r.at ?? at })));
    },
    async verify() {
      const verifier = new ChainVerifier();
      let after = '';
      for (;;) {
        const page = await collection.find(after ? { _id: { $gt: after } } : {}, { sort: { _id: 1 }, limit: PAGE });
        for (const entry of page) if (!verifier.push(entry)) return verifier.verdict();
        if (page.length < PAGE) return verifier.verdict();
        after = page[page.length - 1]!._id;
      }
    },
  };
}
