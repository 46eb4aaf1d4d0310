import { ContractSigned, NeedFulfilled, ProjectCreated, ServiceRecorded } from '@sanshe/contracts';
import { causeFromEvent, type EventHandler } from '@sanshe/platform';
import { followProgress } from '../../app/follow-progress';

type Deps = Parameters<typeof followProgress>[0];

/** Thin consumers: parse with zod, call the use case. */
export function createHandlers(deps: Deps): Record<string, EventHandler> {
  return {
    [ProjectCreated.type]: async (raw) => {
      const event = ProjectCreated.envelope.parse(raw);
      for (const needId of event.data.needIds) await followProgress(deps, needId, 'in_project', event.time, causeFromEvent(event));
    },
    [ContractSigned.type]: async (raw) => {
      const event = ContractSigned.envelope.parse(raw);
      for (const needId of event.data.needIds) await followProgress(deps, needId, 'contracted', event.time, causeFromEvent(event));
    },
    [ServiceRecorded.type]: async (raw) => {
      const event = ServiceRecorded.envelope.parse(raw);
      await followProgress(deps, event.data.needId, 'in_service', event.time, causeFromEvent(event));
    },
    [NeedFulfilled.type]: async (raw) => {
      const event = NeedFulfilled.envelope.parse(raw);
      await followProgress(deps, event.data.needId, 'fulfilled', event.time, causeFromEvent(event));
    },
  };
}
