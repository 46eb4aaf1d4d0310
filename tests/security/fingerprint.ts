import { createHash } from 'node:crypto';
import type { DocumentStore } from '@sanshe/platform';
import { canonicalJson } from '@sanshe/platform';

/**
 * Bookkeeping that a refused request or a dead-lettered event may legitimately write: the
 * audit chain, the consumers' processed-event marks, the resident lookup's attempt counters.
 */
const BOOKKEEPING = new Set(['audit_log', 'processed_events', 'track_attempts']);

/** A hash of every business document of every service: equal before and after = nothing written. */
export async function fingerprint(stores: Record<string, DocumentStore>): Promise<string> {
  const hash = createHash('sha256');
  for (const [service, store] of Object.entries(stores).sort(([a], [b]) => a.localeCompare(b))) {
    for (const name of await store.collectionNames()) {
      if (BOOKKEEPING.has(name)) continue;
      const docs = await store.collection(name).find({}, { sort: { _id: 1 } });
      hash.update(`${service}/${name}:${canonicalJson(docs)}\n`);
    }
  }
  return hash.digest('hex');
}
