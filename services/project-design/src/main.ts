import { runServiceProcess } from '@sanshe/platform';
import { createProjectDesign } from './service';

runServiceProcess({ name: 'project-design', build: createProjectDesign });
