import type { EventEnvelope } from '@sanshe/contracts';
import { insertWithEvents, type DocumentStore, type Filter, type WithOutbox } from '@sanshe/platform';
import type { LedgerEntry, Programme, ReservationRecord } from '../../domain/programme';

export type ProgrammeDocument = Programme & WithOutbox;

export type ReserveOutcome = 'reserved' | 'already-held' | 'insufficient' | 'closed' | 'missing';

/**
 * Funding programmes. Reserving and releasing are single guarded writes on the
 * programme's own document: the filter states what must hold (enough available, no
 * reservation held for the project yet), so two approvals racing for the last yuan
 * cannot both match, and a repeated call matches nothing.
 */
export function createProgrammesRepository(store: DocumentStore) {
  const collection = store.collection<ProgrammeDocument>('programmes');
  const at = (projectId: string) => `reservations.${projectId}`;
  return {
    collection,
    async setup() {
      await collection.createIndex({ keys: { funderCode: 1, fiscalYear: 1, mode: 1 }, unique: true });
    },
    insert: (programme: Programme, events: EventEnvelope[]) => insertWithEvents(collection, programme, events),
    get: (programmeId: string) => collection.findOne({ _id: programmeId }),
    list: (filter: Filter) => collection.find(filter, { sort: { fiscalYear: -1, name: 1 } }),
    /** Programmes holding a reservation for the project (one at most, unless something went wrong). */
    holding: (projectId: string) => collection.find({ [`${at(projectId)}.status`]: 'held' }),

    async reserve(
      programmeId: string,
      projectId: string,
      amountFen: number,
      meta: { at: string; by: string; reason: string },
    ): Promise<ReserveOutcome> {
      const record: ReservationRecord = {
        amountFen,
        status: 'held',
        reservedAt: meta.at,
        reservedBy: meta.by,
        releasedAt: null,
        releaseReason: null,
      };
      const entry: LedgerEntry = { projectId, kind: 'reserve', amountFen, ...meta };
      const result = await collection.updateOne(
        {
          _id: programmeId,
          status: 'open',
          availableFen: { $gte: amountFen },
          [`${at(projectId)}.status`]: { $ne: 'held' },
        },
        {
          $inc: { availableFen: -amountFen, reservedFen: amountFen, version: 1 },
          $set: { [at(projectId)]: record },
          $push: { ledger: entry },
        },
      );
      if (result.modified === 1) return 'reserved';
      const programme = await collection.findOne({ _id: programmeId });
      if (!programme) return 'missing';
      if (programme.reservations[projectId]?.status === 'held') return 'already-held';
      return programme.status === 'open' ? 'insufficient' : 'closed';
    },

    /** Gives back what is held for the project; returns the amount released (0 when nothing was held). */
    async release(programmeId: string, projectId: string, meta: { at: string; by: string; reason: string }) {
      const programme = await collection.findOne({ _id: programmeId });
      const held = programme?.reservations[projectId];
      if (!held || held.status !== 'held') return 0;
      const entry: LedgerEntry = { projectId, kind: 'release', amountFen: held.amountFen, ...meta };
      const result = await collection.updateOne(
        // A held reservation never changes its amount, and only one release can match `held`.
        { _id: programmeId, [`${at(projectId)}.status`]: 'held', [`${at(projectId)}.amountFen`]: held.amountFen },
        {
          $inc: { availableFen: held.amountFen, reservedFen: -held.amountFen, version: 1 },
          $set: {
            [`${at(projectId)}.status`]: 'released',
            [`${at(projectId)}.releasedAt`]: meta.at,
            [`${at(projectId)}.releaseReason`]: meta.reason,
          },
          $push: { ledger: entry },
        },
      );
      return result.modified === 1 ? held.amountFen : 0;
    },
  };
}

export type ProgrammesRepository = ReturnType<typeof createProgrammesRepository>;
