import { loadConfig, runServiceProcess } from '@sanshe/platform';
import { createFulfilment } from './service';
import { FulfilmentSettings } from './settings';

const settings = loadConfig(FulfilmentSettings, process.env);
runServiceProcess({ name: 'fulfilment', build: (deps) => createFulfilment(deps, settings) });
