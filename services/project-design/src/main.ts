import { loadConfig, runServiceProcess } from '@sanshe/platform';
import { createProjectDesign } from './service';
import { DesignSettings } from './settings';

const settings = loadConfig(DesignSettings, process.env);
runServiceProcess({ name: 'project-design', build: (deps) => createProjectDesign(deps, settings) });
