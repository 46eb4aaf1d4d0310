import { randomUUID } from 'node:crypto';
import { canonicalJson, sha256 } from '../audit/chain';
import type { Clock } from '../clock';
import { DuplicateKeyError, type BaseDocument, type Collection, type DocumentStore } from '../store/port';

/**
 * Idempotency keys (IETF draft-ietf-httpapi-idempotency-key-header) in the service's own
 * store: the first request with a key runs, and the same request sent again gets the first
 * one's answer instead of acting twice. One record per key, written by single-document writes
 * (insert to claim, compare-and-set to take over or finish), so no transaction is needed.
 */
export const IDEMPOTENCY_COLLECTION = 'idempotency_keys';

/** How long a key is remembered (the draft leaves it to the server; a day covers any client's retries). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * How long a running request holds its key. A request that died (a crashed process, an outage
 * in the middle) leaves its record pending; once the lease is over a retry takes it over.
 * Longer than a command takes even through a store's server-selection timeouts.
 */
export const IDEMPOTENCY_LEASE_MS = 30_000;

export interface IdempotencyRecord extends BaseDocument {
  /** sha256 of the validated input: the same key with another request is refused. */
  fingerprint: string;
  state: 'pending' | 'done';
  /** Who holds the record now (a random token per try): finishing and releasing are guarded by it. */
  owner: string;
  leaseUntil: string;
  createdAt: string;
  /** A date, for the store's TTL index; readers also ignore expired records (the sweep is lazy). */
  expiresAt: Date;
  /** The answer, once done: its status, JSON text and the headers worth replaying (Location). */
  status?: number;
  body?: string | null;
  headers?: Record<string, string>;
}

export interface IdempotentRequest {
  /** The principal's subject, or 'anonymous': keys are per caller. */
  principal: string;
  method: string;
  /** The route's path template with the service prefix (`/api/intake/needs`). */
  route: string;
  key: string;
  /** The validated input whose fingerprint must match on a retry. */
  input: unknown;
}

export interface StoredAnswer {
  status: number;
  body: string | null;
  headers: Record<string, string>;
}

/** What to do with a request that carries a key. */
export type Claim =
  /** Run the handler; `id` is the record id (the handler's `idempotencyKey`), `owner` this try's token. */
  | { kind: 'run'; id: string; owner: string; takenOver: boolean }
  | { kind: 'replay'; answer: StoredAnswer }
  /** Another try of the same request is running; retry after `retryAfterSeconds`. */
  | { kind: 'busy'; retryAfterSeconds: number }
  /** The key was used for another request (another body or path). */
  | { kind: 'reused' };

export interface IdempotencyKeys {
  claim(request: IdempotentRequest): Promise<Claim>;
  /** Stores the answer of a try that still holds the record; false when another try took it over. */
  complete(run: { id: string; owner: string }, answer: StoredAnswer): Promise<boolean>;
  /** Forgets the key (the request was refused with a 4xx: the client may correct it and send again). */
  release(run: { id: string; owner: string }): Promise<void>;
  readonly collection: Collection<IdempotencyRecord>;
}

/** The record id: the raw key is never stored, nor next to whose it is. */
export function idempotencyRecordId(request: Pick<IdempotentRequest, 'principal' | 'method' | 'route' | 'key'>) {
  return sha256(canonicalJson([request.principal, request.method.toUpperCase(), request.route, request.key]));
}

/** Key order and dates do not change a fingerprint (dates are compared as their JSON text). */
export function fingerprintOf(input: unknown): string {
  return sha256(canonicalJson(JSON.parse(JSON.stringify(input ?? null)) as unknown));
}

const MAX_ROUNDS = 5;

export function createIdempotencyKeys(
  store: DocumentStore,
  options: { clock: Clock; leaseMs?: number; ttlMs?: number },
): IdempotencyKeys {
  const collection = store.collection<IdempotencyRecord>(IDEMPOTENCY_COLLECTION);
  const leaseMs = options.leaseMs ?? IDEMPOTENCY_LEASE_MS;
  const ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
  let index: Promise<void> | null = null;
  const ensureIndex = async () => {
    index ??= collection.createIndex({ keys: { expiresAt: 1 }, expireAfterSeconds: 0, name: 'idempotency_expiry' });
    // A failed attempt (store unreachable) is tried again by the next request.
    await index.catch((error: unknown) => {
      index = null;
      throw error;
    });
  };
  const time = (value: string | Date | undefined) => (value === undefined ? 0 : new Date(value).getTime());

  function fresh(id: string, fingerprint: string, now: Date): IdempotencyRecord {
    return {
      _id: id,
      fingerprint,
      state: 'pending',
      owner: randomUUID(),
      leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlMs),
    };
  }

  async function claim(request: IdempotentRequest): Promise<Claim> {
    await ensureIndex();
    const id = idempotencyRecordId(request);
    const fingerprint = fingerprintOf(request.input);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = options.clock.now();
      const mine = fresh(id, fingerprint, now);
      try {
        await collection.insertOne(mine);
        return { kind: 'run', id, owner: mine.owner, takenOver: false };
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
      const seen = await collection.findOne({ _id: id });
      if (!seen) continue; // released meanwhile: claim it again
      if (time(seen.expiresAt) <= now.getTime()) {
        // Expired but not swept yet: the key is free, as if it had never been used.
        const { _id, ...rest } = mine;
        const replaced = await collection.findOneAndUpdate(
          { _id: id, owner: seen.owner },
          { $set: rest, $unset: { status: '', body: '', headers: '' } },
        );
        if (replaced) return { kind: 'run', id, owner: mine.owner, takenOver: false };
        continue;
      }
      if (seen.fingerprint !== fingerprint) return { kind: 'reused' };
      if (seen.state === 'done') {
        return {
          kind: 'replay',
          answer: { status: seen.status ?? 200, body: seen.body ?? null, headers: seen.headers ?? {} },
        };
      }
      const left = time(seen.leaseUntil) - now.getTime();
      if (left > 0) return { kind: 'busy', retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)) };
      // The try holding it died or got stuck: take it over, unless another retry just did.
      const taken = await collection.findOneAndUpdate(
        { _id: id, state: 'pending', owner: seen.owner, leaseUntil: seen.leaseUntil },
        { $set: { owner: mine.owner, leaseUntil: mine.leaseUntil } },
      );
      if (taken) return { kind: 'run', id, owner: mine.owner, takenOver: true };
    }
    return { kind: 'busy', retryAfterSeconds: 1 };
  }

  return {
    collection,
    claim,
    async complete(run, answer) {
      const result = await collection.updateOne(
        { _id: run.id, owner: run.owner, state: 'pending' },
        { $set: { state: 'done', status: answer.status, body: answer.body, headers: answer.headers } },
      );
      return result.matched === 1;
    },
    async release(run) {
      await collection.deleteOne({ _id: run.id, owner: run.owner, state: 'pending' });
    },
  };
}
