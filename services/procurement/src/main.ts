import { loadConfig, runServiceProcess } from '@sanshe/platform';
import { createProcurement } from './service';
import { ProcurementSettings } from './settings';

const settings = loadConfig(ProcurementSettings, process.env);
runServiceProcess({ name: 'procurement', build: (deps) => createProcurement(deps, settings) });
