import { randomUUID } from 'node:crypto';
import { createMongoStore, type DocumentStore } from '@sanshe/platform';
import { describeReal, REAL_INFRA } from '../../../tests/support/infra';
import { raceApprovals } from './payments-race';

describeReal('concurrent payment approvals on the real MongoDB-wire server', () => {
  let store: DocumentStore;
  beforeAll(async () => {
    store = await createMongoStore({ url: REAL_INFRA.mongoUrl, dbName: `ful${randomUUID().slice(0, 8)}` });
  });
  afterAll(() => store.close());

  test('each tranche is paid once and the total never passes the contract value', async () => {
    for (let round = 0; round < 3; round++) await raceApprovals(store);
  });
});
