import { TenderAwarded } from '@sanshe/contracts';
import { causeFromEvent, type EventHandler } from '@sanshe/platform';
import { createContract } from '../../app/create-contract';

export function createHandlers(
  deps: Parameters<typeof createContract>[0] & { nudge: () => void },
): Record<string, EventHandler> {
  return {
    [TenderAwarded.type]: async (raw) => {
      const event = TenderAwarded.envelope.parse(raw);
      await createContract(deps, event.data, causeFromEvent(event));
      deps.nudge();
    },
  };
}
