import type { DocumentStore } from '@sanshe/platform';
import type { AreaFact } from '../../domain/indicators';

/** An area as intake last announced it (the highest revision wins). */
export type IndicatorAreaDocument = Omit<AreaFact, 'code'> & {
  _id: string;
  parentCode: string | null;
  revision: number;
};

/** An organisation's social-worker roster as procurement last announced it (the highest revision wins). */
export interface IndicatorRosterDocument {
  _id: string;
  revision: number;
  workers: Array<{ workerId: string; certificateLevel: string; generalist: boolean; communityCodes: string[] }>;
}

/**
 * One need's timestamps (UTC ISO strings, so they compare in time order) and closing
 * rating, filled in by whichever of its events arrives, in any order.
 */
export interface IndicatorNeedDocument {
  _id: string;
  communityCode?: string;
  loggedAt?: string;
  /** The first of resolved, referred, fulfilled or closed (kept with $min). */
  resolvedAt?: string;
  closedAt?: string;
  satisfaction?: number | null;
}

/** Policy indicators: projections from intake's, procurement's and fulfilment's events (collections `ind_*`). */
export function createIndicatorRepositories(store: DocumentStore) {
  const areas = store.collection<IndicatorAreaDocument>('ind_areas');
  const rosters = store.collection<IndicatorRosterDocument>('ind_rosters');
  const needs = store.collection<IndicatorNeedDocument>('ind_needs');
  return {
    areas,
    rosters,
    needs,
    async setup() {
      await needs.createIndex({ keys: { communityCode: 1, resolvedAt: 1 } });
      await needs.createIndex({ keys: { communityCode: 1, closedAt: 1 } });
    },
  };
}

export type IndicatorRepositories = ReturnType<typeof createIndicatorRepositories>;
