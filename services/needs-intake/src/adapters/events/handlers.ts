import {
  ContractSigned,
  NeedFulfilled,
  ProjectCancelled,
  ProjectCreated,
  ProjectRevised,
  ServiceRecorded,
} from '@sanshe/contracts';
import { causeFromEvent, type EventHandler } from '@sanshe/platform';
import { followProgress, releaseNeed } from '../../app/follow-progress';

type Deps = Parameters<typeof followProgress>[0] & { nudge: () => void };

/** Thin consumers: parse with zod, call the use case. */
export function createHandlers(deps: Deps): Record<string, EventHandler> {
  const follow = async (
    needIds: readonly string[],
    to: Parameters<typeof followProgress>[2],
    at: string,
    cause: ReturnType<typeof causeFromEvent>,
  ) => {
    for (const needId of needIds) await followProgress(deps, needId, to, at, cause);
    deps.nudge();
  };
  return {
    [ProjectCreated.type]: async (raw) => {
      const event = ProjectCreated.envelope.parse(raw);
      await follow(event.data.needIds, 'in_project', event.time, causeFromEvent(event));
    },
    [ProjectRevised.type]: async (raw) => {
      const event = ProjectRevised.envelope.parse(raw);
      const cause = causeFromEvent(event);
      await follow(event.data.linkedNeedIds, 'in_project', event.time, cause);
      for (const needId of event.data.unlinkedNeedIds)
        await releaseNeed(deps, needId, event.time, cause, 'unlinked from its project');
      deps.nudge();
    },
    [ProjectCancelled.type]: async (raw) => {
      const event = ProjectCancelled.envelope.parse(raw);
      const cause = causeFromEvent(event);
      for (const needId of event.data.needIds) await releaseNeed(deps, needId, event.time, cause, 'project cancelled');
      deps.nudge();
    },
    [ContractSigned.type]: async (raw) => {
      const event = ContractSigned.envelope.parse(raw);
      await follow(event.data.needIds, 'contracted', event.time, causeFromEvent(event));
    },
    [ServiceRecorded.type]: async (raw) => {
      const event = ServiceRecorded.envelope.parse(raw);
      await follow([event.data.needId], 'in_service', event.time, causeFromEvent(event));
    },
    [NeedFulfilled.type]: async (raw) => {
      const event = NeedFulfilled.envelope.parse(raw);
      await follow([event.data.needId], 'fulfilled', event.time, causeFromEvent(event));
    },
  };
}
