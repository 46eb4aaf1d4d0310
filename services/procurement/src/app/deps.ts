import type { Clock, JobQueue, Logger } from '@sanshe/platform';
import type { Repositories } from '../adapters/store/repositories';
import type { ProcurementSettings } from '../settings';
import type { Keyring } from './keyring';

/** What procurement's use cases work with. */
export interface ProcurementDeps {
  repos: Repositories;
  clock: Clock;
  jobs: JobQueue;
  logger: Logger;
  settings: ProcurementSettings;
  keyring: Keyring;
}
