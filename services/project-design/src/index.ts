export { createProjectDesign } from './service';
export { DesignSettings } from './settings';
