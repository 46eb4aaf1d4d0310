import { randomUUID } from 'node:crypto';
import { describeReal, REAL_INFRA } from '../../../../tests/support/infra';
import { createMongoStore } from '../store/mongo';
import { idempotencyContract } from './idempotency.contract';

describeReal('Idempotency-Key against the MongoDB-wire server', () => {
  idempotencyContract('the MongoDB-wire server', () =>
    createMongoStore({ url: REAL_INFRA.mongoUrl, dbName: `sanshe_idem_${randomUUID().slice(0, 8)}` }),
  );
});
