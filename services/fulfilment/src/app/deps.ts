import type { Clock } from '@sanshe/platform';
import type { Repositories } from '../adapters/store/repositories';
import type { FulfilmentSettings } from '../settings';

export interface FulfilmentDeps {
  repos: Repositories;
  clock: Clock;
  settings: FulfilmentSettings;
  nudge: () => void;
}
