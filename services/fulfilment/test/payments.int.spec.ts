import { createEmbeddedStore } from '@sanshe/platform';
import { interleaving, raceApprovals } from './payments-race';

describe('concurrent payment approvals (embedded store, interleaved)', () => {
  test('each tranche is paid once and the total never passes the contract value', async () => {
    for (let round = 0; round < 5; round++) await raceApprovals(interleaving(createEmbeddedStore()));
  });
});
