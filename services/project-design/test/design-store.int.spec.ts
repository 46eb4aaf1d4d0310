import { createEmbeddedStore } from '@sanshe/platform';
import { designStoreContract } from './design-store.contract';

designStoreContract('the embedded store', async () => ({ store: createEmbeddedStore(), cleanup: async () => {} }));
