export { createProjectDesign } from './service';
