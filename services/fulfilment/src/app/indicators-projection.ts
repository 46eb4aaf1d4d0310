import type {
  AreaChanged,
  EventData,
  NeedClosed,
  NeedFulfilled,
  NeedLogged,
  NeedResolved,
  SocialWorkersChanged,
} from '@sanshe/contracts';
import { DuplicateKeyError, type BaseDocument, type Collection } from '@sanshe/platform';
import type { FulfilmentDeps } from './deps';

type Deps = Pick<FulfilmentDeps, 'repos'>;

/** Offsets are allowed in events; stored instants are UTC so that strings compare in time order. */
const utc = (at: string) => new Date(at).toISOString();

/**
 * Writes a snapshot unless a newer revision is held: the guarded upsert matches nothing
 * when the stored revision is as high, and its insert then collides with the stored id.
 * So a late or replayed older snapshot never overwrites a newer one.
 */
async function keepNewest<T extends BaseDocument>(
  collection: Collection<T>,
  id: string,
  revision: number,
  fields: object,
): Promise<void> {
  try {
    await collection.updateOne(
      { _id: id, revision: { $lt: revision } },
      { $set: { ...fields, revision } },
      { upsert: true },
    );
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
  }
}

/** Each event is one single-document write; none needs another event to have arrived first. */
export const indicatorsProjection = {
  areaChanged: (deps: Deps, d: EventData<typeof AreaChanged>) =>
    keepNewest(deps.repos.indicators.areas, d.code, d.revision, {
      kind: d.kind,
      name: d.name,
      parentCode: d.parentCode,
      path: d.path,
      active: d.active,
      gridWorkerCount: d.gridWorkerCount,
    }),

  socialWorkersChanged: (deps: Deps, d: EventData<typeof SocialWorkersChanged>) =>
    keepNewest(deps.repos.indicators.rosters, d.organisationId, d.revision, { workers: d.workers }),

  async needLogged(deps: Deps, d: EventData<typeof NeedLogged>) {
    await deps.repos.indicators.needs.updateOne(
      { _id: d.needId },
      { $set: { communityCode: d.communityCode, loggedAt: utc(d.loggedAt) } },
      { upsert: true },
    );
  },

  /** Resolved directly or referred: the first resolving step wins ($min), whichever arrives first. */
  async needResolved(deps: Deps, d: EventData<typeof NeedResolved>) {
    await deps.repos.indicators.needs.updateOne(
      { _id: d.needId },
      { $min: { resolvedAt: utc(d.resolvedAt) } },
      { upsert: true },
    );
  },

  async needFulfilled(deps: Deps, d: EventData<typeof NeedFulfilled>) {
    await deps.repos.indicators.needs.updateOne(
      { _id: d.needId },
      { $min: { resolvedAt: utc(d.fulfilledAt) } },
      { upsert: true },
    );
  },

  /** Closing also resolves a need that reached no earlier resolving step (as intake's statistics count it). */
  async needClosed(deps: Deps, d: EventData<typeof NeedClosed>) {
    const closedAt = utc(d.closedAt);
    await deps.repos.indicators.needs.updateOne(
      { _id: d.needId },
      { $set: { closedAt, satisfaction: d.satisfaction }, $min: { resolvedAt: closedAt } },
      { upsert: true },
    );
  },
};
