import { loadConfig, runServiceProcess } from '@sanshe/platform';
import { createNeedsIntake } from './service';
import { IntakeSettings } from './settings';

const settings = loadConfig(IntakeSettings, process.env);
runServiceProcess({ name: 'needs-intake', build: (deps) => createNeedsIntake(deps, settings) });
