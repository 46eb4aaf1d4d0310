import type { BeneficiaryGroup, NeedStatus, Urgency } from '@sanshe/contracts';
import { DuplicateKeyError, type BaseDocument, type DocumentStore, type Filter } from '@sanshe/platform';
import { closedForDesign, factStamp } from '../../domain/need-facts';

/**
 * Intake's needs as this service sees them: a read model built from intake's events
 * only. A document may exist before its `need.logged` arrives (a later fact came
 * first); such a stub has no case number and is never offered.
 */
export interface OpenNeedDocument extends BaseDocument {
  needId: string;
  caseNumber?: string;
  category?: string;
  districtCode?: string | null;
  streetCode?: string | null;
  communityCode?: string;
  gridCode?: string;
  /** district, street, community, grid: what scopes and area filters match. */
  areaPath?: string[];
  urgency?: Urgency;
  beneficiaryCount?: number;
  beneficiaryGroups?: BeneficiaryGroup[];
  loggedAt?: string;
  /** The latest status fact applied, and its stamp (instant + life order). */
  status: NeedStatus;
  statusStamp: string;
  /** Handled without a project, or finished: no longer offered. */
  closed: boolean;
  /** This service's own link; events never touch it. */
  projectId: string | null;
  claimedAt: string | null;
}

/** A need whose `need.logged` has been applied. */
export type KnownNeed = OpenNeedDocument &
  Required<
    Pick<
      OpenNeedDocument,
      | 'caseNumber'
      | 'category'
      | 'communityCode'
      | 'gridCode'
      | 'areaPath'
      | 'urgency'
      | 'beneficiaryCount'
      | 'beneficiaryGroups'
      | 'loggedAt'
    >
  > & { streetCode: string | null; districtCode: string | null };

export interface NeedDetails {
  needId: string;
  caseNumber: string;
  category: string;
  districtCode: string | null;
  streetCode: string | null;
  communityCode: string;
  gridCode: string;
  urgency: Urgency;
  beneficiaryCount: number;
  beneficiaryGroups: BeneficiaryGroup[];
  loggedAt: string;
}

/** Filter of the needs a project may still take. */
export const AVAILABLE: Filter = { projectId: null, closed: false, caseNumber: { $exists: true } };

export function createOpenNeedsRepository(store: DocumentStore) {
  const collection = store.collection<OpenNeedDocument>('open_needs');
  return {
    collection,
    async setup() {
      await collection.createIndex({ keys: { closed: 1, projectId: 1, category: 1 } });
      await collection.createIndex({ keys: { areaPath: 1 } });
      await collection.createIndex({ keys: { projectId: 1 } });
    },

    /** The facts of `need.logged` never change, so applying them again, or late, is harmless. */
    async recordLogged(need: NeedDetails): Promise<void> {
      const areaPath = [need.districtCode, need.streetCode, need.communityCode, need.gridCode].filter(
        (c): c is string => c !== null,
      );
      await collection.updateOne(
        { _id: need.needId },
        { $set: { ...need, areaPath }, $setOnInsert: initialState('logged', need.loggedAt) },
        { upsert: true },
      );
    },

    /**
     * Applies a status fact unless a later one was applied already. The guarded update
     * cannot upsert (its filter would collide with the existing _id), so a missing need
     * is inserted as a stub and a lost race retries the guarded update.
     */
    async recordStatus(needId: string, status: NeedStatus, at: string): Promise<'applied' | 'stale'> {
      const statusStamp = factStamp(at, status);
      const set = { status, statusStamp, closed: closedForDesign(status) };
      for (let attempt = 0; attempt < 5; attempt++) {
        const result = await collection.updateOne({ _id: needId, statusStamp: { $lt: statusStamp } }, { $set: set });
        if (result.matched === 1) return 'applied';
        const existing = await collection.findOne({ _id: needId });
        // Stored meanwhile by an older fact (e.g. need.logged): the guarded update now matches.
        if (existing) {
          if (existing.statusStamp >= statusStamp) return 'stale';
          continue;
        }
        try {
          await collection.insertOne({ _id: needId, needId, ...set, projectId: null, claimedAt: null });
          return 'applied';
        } catch (error) {
          if (!(error instanceof DuplicateKeyError)) throw error;
        }
      }
      throw new Error(`need ${needId} kept changing while recording ${status}`);
    },

    get: (needId: string) => collection.findOne({ _id: needId }),
    find: (filter: Filter, options?: { sort?: Record<string, 1 | -1>; limit?: number }) =>
      collection.find(filter, options) as Promise<KnownNeed[]>,
    /** Any known need of a community: where it sits (street, district). */
    someOfCommunity: (communityCode: string) =>
      collection.findOne({ communityCode, caseNumber: { $exists: true } }) as Promise<KnownNeed | null>,
    linkedTo: (projectId: string) => collection.find({ projectId }),

    /** Claims a need for a project only if nobody else has: the guard makes the claim atomic per need. */
    claim: async (needId: string, projectId: string, at: string) =>
      (await collection.updateOne({ _id: needId, ...AVAILABLE }, { $set: { projectId, claimedAt: at } })).modified ===
      1,
    release: (needId: string, projectId: string) =>
      collection.updateOne({ _id: needId, projectId }, { $set: { projectId: null, claimedAt: null } }),
    releaseAll: (projectId: string) =>
      collection.updateMany({ projectId }, { $set: { projectId: null, claimedAt: null } }),
  };
}

function initialState(status: NeedStatus, at: string) {
  return {
    status,
    statusStamp: factStamp(at, status),
    closed: closedForDesign(status),
    projectId: null,
    claimedAt: null,
  };
}

export type OpenNeedsRepository = ReturnType<typeof createOpenNeedsRepository>;
