import {
  insertWithEvents,
  updateWithEvents,
  type BaseDocument,
  type DocumentStore,
  type WithOutbox,
} from '@sanshe/platform';
import type { EventEnvelope } from '@sanshe/contracts';
import type { Project } from '../../domain/project';

export type ProjectDocument = Project & WithOutbox;

/** Intake's needs as this service sees them: a read model built from events only. */
export interface OpenNeed extends BaseDocument {
  needId: string;
  caseNumber: string;
  category: string;
  communityCode: string;
  gridCode: string;
  urgency: 'low' | 'normal' | 'high' | 'critical';
  beneficiaryCount: number;
  loggedAt: string;
  projectId: string | null;
  /** Handled without a project; set by a later event, or first if events arrive out of order. */
  closed: boolean;
}

export function createRepositories(store: DocumentStore) {
  const projects = store.collection<ProjectDocument>('projects');
  const openNeeds = store.collection<OpenNeed>('open_needs');
  return {
    projects,
    openNeeds,
    async setup() {
      await openNeeds.createIndex({ keys: { category: 1, communityCode: 1 } });
      await projects.createIndex({ keys: { status: 1 } });
    },
    insertProject: (project: Project, events: EventEnvelope[]) => insertWithEvents(projects, project, events),
    getProject: (projectId: string) => projects.findOne({ _id: projectId }),
    updateProject: (project: ProjectDocument, set: Partial<Project>, events: EventEnvelope[]) =>
      updateWithEvents(projects, { _id: project._id, version: project.version }, { $set: set }, events),
    /** Claims a need for a project only if nobody else has: the guard makes the claim atomic per need. */
    claimNeed: async (needId: string, projectId: string) =>
      (await openNeeds.updateOne({ _id: needId, projectId: null, closed: { $ne: true } }, { $set: { projectId } }))
        .modified === 1,
    releaseNeed: (needId: string, projectId: string) =>
      openNeeds.updateOne({ _id: needId, projectId }, { $set: { projectId: null } }),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
