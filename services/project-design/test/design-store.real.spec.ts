import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { createMongoStore } from '@sanshe/platform';
import { describeReal, REAL_INFRA } from '../../../tests/support/infra';
import { designStoreContract } from './design-store.contract';

describeReal('project-design on the real MongoDB-wire server', () => {
  designStoreContract('MongoDB (wire server)', async () => {
    const dbName = `sanshe_design_contract_${randomUUID().slice(0, 8)}`;
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
