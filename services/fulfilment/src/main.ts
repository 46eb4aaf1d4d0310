import { runServiceProcess } from '@sanshe/platform';
import { createFulfilment } from './service';

runServiceProcess({ name: 'fulfilment', build: createFulfilment });
