import { createEmbeddedStore } from '../store/embedded';
import { idempotencyContract } from './idempotency.contract';

idempotencyContract('the embedded store', async () => createEmbeddedStore());
