import {
  ContractCompleted,
  ContractSigned,
  ContractTerminated,
  GrantContracted,
  MilestoneAccepted,
  NeedFulfilled,
  ProjectCancelled,
  ProjectPublished,
} from '@sanshe/contracts';
import { causeFromEvent, type EventHandler } from '@sanshe/platform';
import type { ProcurementDeps } from '../../app/deps';
import { cancelProjectTenders } from '../../app/cancel-tender';
import { contractSigned, milestoneAccepted, needFulfilled } from '../../app/follow-contracts';
import { openRoundForProject } from '../../app/open-round';
import { openTender, termsFromProject } from '../../app/open-tender';
import { contractCompleted, contractTerminated, grantContracted, linkRatedContract } from '../../app/ratings';

/** Thin consumers: parse with zod, call the use case. */
export function createHandlers(deps: ProcurementDeps & { nudge: () => void }): Record<string, EventHandler> {
  return {
    [ProjectPublished.type]: async (raw) => {
      const event = ProjectPublished.envelope.parse(raw);
      if (event.data.fundingMode === 'venture_funding') {
        await openRoundForProject(deps, event.data, causeFromEvent(event));
        deps.nudge();
        return;
      }
      const terms = termsFromProject(deps, event.data, deps.clock.now());
      await openTender(
        deps,
        terms,
        { attempt: 1, previousTenderId: null, deadline: event.data.bidDeadline ?? null },
        causeFromEvent(event),
      );
      deps.nudge();
    },
    [ProjectCancelled.type]: async (raw) => {
      const event = ProjectCancelled.envelope.parse(raw);
      await cancelProjectTenders(deps, event.data, causeFromEvent(event));
      deps.nudge();
    },
    [ContractSigned.type]: async (raw) => {
      const data = ContractSigned.envelope.parse(raw).data;
      await contractSigned(deps, data);
      await linkRatedContract(deps, data.contractId, data.organisationId);
      deps.nudge();
    },
    // Performance ratings (app/ratings.ts).
    [GrantContracted.type]: async (raw) => grantContracted(deps, GrantContracted.envelope.parse(raw).data),
    [ContractCompleted.type]: async (raw) => contractCompleted(deps, ContractCompleted.envelope.parse(raw).data),
    [ContractTerminated.type]: async (raw) => contractTerminated(deps, ContractTerminated.envelope.parse(raw).data),
    [MilestoneAccepted.type]: async (raw) => {
      await milestoneAccepted(deps, MilestoneAccepted.envelope.parse(raw).data);
    },
    [NeedFulfilled.type]: async (raw) => {
      await needFulfilled(deps, NeedFulfilled.envelope.parse(raw).data);
    },
  };
}
