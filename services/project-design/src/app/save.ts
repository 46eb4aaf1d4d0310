import type { EventEnvelope } from '@sanshe/contracts';
import { conflict } from '@sanshe/platform';
import type { HistoryEntry, Project } from '../domain/project';
import type { ProjectDocument } from '../adapters/store/projects';
import type { DesignDeps } from './deps';

/** Saves a change with its audit entry and events; a lost race is a 409 (reload and retry). */
export async function saveOrConflict(
  deps: Pick<DesignDeps, 'projects'>,
  project: ProjectDocument,
  set: Partial<Project>,
  entry: Omit<HistoryEntry, 'version'>,
  events: EventEnvelope[],
): Promise<ProjectDocument> {
  const updated = await deps.projects.update(project, set, entry, events);
  if (!updated) throw conflict('DESIGN.CONCURRENT_UPDATE', 'the project changed meanwhile; reload and retry');
  return updated;
}
