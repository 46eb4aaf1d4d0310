import type { Clock, JobQueue, Logger } from '@sanshe/platform';
import type { OpenNeedsRepository } from '../adapters/store/open-needs';
import type { ProgrammesRepository } from '../adapters/store/programmes';
import type { ProjectsRepository } from '../adapters/store/projects';
import type { ReferenceRepository } from '../adapters/store/reference-data';
import type { DesignSettings } from '../settings';

/** What project-design's use cases work with. */
export interface DesignDeps {
  projects: ProjectsRepository;
  openNeeds: OpenNeedsRepository;
  programmes: ProgrammesRepository;
  reference: ReferenceRepository;
  clock: Clock;
  jobs: JobQueue;
  logger: Logger;
  settings: DesignSettings;
}
