import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { describeReal, REAL_INFRA } from '../../../../tests/support/infra';
import { createMongoStore } from './mongo';
import { storeContract } from './store.contract';

describeReal('mongo store against the real server', () => {
  storeContract('mongoose (MongoDB wire)', async () => {
    const dbName = `sanshe_store_contract_${randomUUID().slice(0, 8)}`;
    const store = await createMongoStore({ url: REAL_INFRA.mongoUrl, dbName });
    return {
      store,
      async cleanup() {
        await store.close();
        const admin = await mongoose.createConnection(REAL_INFRA.mongoUrl, { dbName }).asPromise();
        await admin.dropDatabase();
        await admin.close();
      },
    };
  });
});
