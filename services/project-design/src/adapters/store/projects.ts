import type { EventEnvelope } from '@sanshe/contracts';
import { insertWithEvents, updateWithEvents, type DocumentStore, type Filter, type WithOutbox } from '@sanshe/platform';
import type { HistoryEntry, Project } from '../../domain/project';

export type ProjectDocument = Project & WithOutbox;

export function createProjectsRepository(store: DocumentStore) {
  const collection = store.collection<ProjectDocument>('projects');
  return {
    collection,
    async setup() {
      await collection.createIndex({ keys: { status: 1 } });
      await collection.createIndex({ keys: { communityCodes: 1 } });
    },
    insert: (project: Project, events: EventEnvelope[]) => insertWithEvents(collection, project, events),
    get: (projectId: string) => collection.findOne({ _id: projectId }),
    list: (filter: Filter, limit: number) => collection.find(filter, { sort: { createdAt: -1, _id: 1 }, limit }),
    /**
     * One write: the change, its audit entry (numbered with the new version) and its
     * events, guarded by the version that was read. Null when someone changed it first.
     */
    update: (
      project: ProjectDocument,
      set: Partial<Project>,
      entry: Omit<HistoryEntry, 'version'>,
      events: EventEnvelope[],
      extra: { addToSet?: Record<string, unknown> } = {},
    ) =>
      updateWithEvents(
        collection,
        { _id: project._id, version: project.version },
        {
          $set: { ...set, updatedAt: entry.at },
          $push: { history: { ...entry, version: project.version + 1 } },
          ...(extra.addToSet ? { $addToSet: extra.addToSet } : {}),
        },
        events,
      ),
  };
}

export type ProjectsRepository = ReturnType<typeof createProjectsRepository>;
