import { ProjectPublished } from '@sanshe/contracts';
import { causeFromEvent, type EventHandler } from '@sanshe/platform';
import { openTender } from '../../app/open-tender';

export function createHandlers(
  deps: Parameters<typeof openTender>[0] & { nudge: () => void },
): Record<string, EventHandler> {
  return {
    [ProjectPublished.type]: async (raw) => {
      const event = ProjectPublished.envelope.parse(raw);
      // Venture-funding rounds are opened by officials (issue 5); only purchases become tenders here.
      if (event.data.fundingMode !== 'government_purchase') return;
      await openTender(deps, event.data, causeFromEvent(event));
      deps.nudge();
    },
  };
}
