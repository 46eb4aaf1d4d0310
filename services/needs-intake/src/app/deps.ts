import type { Clock, JobQueue, Logger } from '@sanshe/platform';
import type { NeedsRepository } from '../adapters/store/needs-repository';
import type { RegistryRepository } from '../adapters/store/registry-repository';
import type { IntakeSettings } from '../settings';

/** What intake's use cases work with. */
export interface IntakeDeps {
  needs: NeedsRepository;
  registry: RegistryRepository;
  clock: Clock;
  jobs: JobQueue;
  logger: Logger;
  settings: IntakeSettings;
}
