import { createEmbeddedStore } from './embedded';
import { storeContract } from './store.contract';

storeContract('embedded (mingo)', async () => {
  const store = createEmbeddedStore();
  return { store, cleanup: () => store.close() };
});
