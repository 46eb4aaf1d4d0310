import { runServiceProcess } from '@sanshe/platform';
import { createNeedsIntake } from './service';

runServiceProcess({ name: 'needs-intake', build: createNeedsIntake });
