import { randomUUID } from 'node:crypto';
import { createMongoStore, type DocumentStore } from '@sanshe/platform';
import { describeReal, REAL_INFRA } from '../../../tests/support/infra';
import { raceApprovals } from './payments-race';

/*
 * The same race over separate connections to the MongoDB-wire server, whose threads really run
 * requests at once. It once paid a tranche twice there (4 approvals, 3 paid tranches): the
 * server encoded a read while another connection's update rewrote the document, so an approval
 * decided on the old tranches under the new version. The store adapter now reads whole
 * documents (store.contract.ts, "a document read while others update it is whole").
 */
describeReal('concurrent payment approvals on the real MongoDB-wire server', () => {
  let store: DocumentStore;
  beforeAll(async () => {
    store = await createMongoStore({ url: REAL_INFRA.mongoUrl, dbName: `ful${randomUUID().slice(0, 8)}` });
  });
  afterAll(() => store.close());

  test('each tranche is paid once and the total never passes the contract value', async () => {
    for (let round = 0; round < 10; round++) await raceApprovals(store);
  });
});
