import {
  ContractSigned,
  NeedClosed,
  NeedLogged,
  NeedResolved,
  NeedStatusChanged,
  NeedWithdrawn,
  ServiceRecorded,
  TenderOpened,
} from '@sanshe/contracts';
import { causeFromEvent, type Cause, type EventHandler } from '@sanshe/platform';
import type { FollowedStatus } from '../../domain/project';
import type { DesignDeps } from '../../app/deps';
import { followProject } from '../../app/follow-project';
import { recordNeedLogged, recordNeedStatus } from '../../app/need-facts';

/**
 * Thin consumers: parse with zod, call the use case. Intake's events build the
 * open-needs read model (each status fact applied only if newer than the last one);
 * procurement's and fulfilment's move published projects along.
 *
 * Completion will follow fulfilment's `contract.completed` once it exists (issue 6).
 */
export function createHandlers(deps: DesignDeps & { nudge: () => void }): Record<string, EventHandler> {
  const follow = async (
    projectId: string,
    to: FollowedStatus,
    fact: { type: string; at: string; contractId?: string },
    cause: Cause,
  ) => {
    await followProject(deps, projectId, to, fact, cause);
    deps.nudge();
  };
  return {
    [NeedLogged.type]: async (raw) => {
      await recordNeedLogged(deps, NeedLogged.envelope.parse(raw));
    },
    [NeedStatusChanged.type]: async (raw) => {
      const { data } = NeedStatusChanged.envelope.parse(raw);
      await recordNeedStatus(deps, data.needId, data.to, data.changedAt);
    },
    // A need handled without a project (resolved, referred, withdrawn, closed) is no longer offered for one.
    [NeedResolved.type]: async (raw) => {
      const { data } = NeedResolved.envelope.parse(raw);
      await recordNeedStatus(deps, data.needId, data.how === 'referred' ? 'referred' : 'resolved', data.resolvedAt);
    },
    [NeedWithdrawn.type]: async (raw) => {
      const { data } = NeedWithdrawn.envelope.parse(raw);
      await recordNeedStatus(deps, data.needId, 'withdrawn', data.withdrawnAt);
    },
    [NeedClosed.type]: async (raw) => {
      const { data } = NeedClosed.envelope.parse(raw);
      await recordNeedStatus(deps, data.needId, 'closed', data.closedAt);
    },
    [TenderOpened.type]: async (raw) => {
      const event = TenderOpened.envelope.parse(raw);
      await follow(event.data.projectId, 'in_procurement', { type: event.type, at: event.time }, causeFromEvent(event));
    },
    [ContractSigned.type]: async (raw) => {
      const event = ContractSigned.envelope.parse(raw);
      const { contractId, projectId } = event.data;
      const link = await deps.reference.linkContract(contractId, projectId);
      const cause = causeFromEvent(event);
      await follow(projectId, 'contracted', { type: event.type, at: event.data.signedAt, contractId }, cause);
      // A service record may have arrived first (another topic): apply it now that the project is known.
      if (link?.serviceRecorded)
        await follow(projectId, 'in_delivery', { type: ServiceRecorded.type, at: event.time }, cause);
    },
    [ServiceRecorded.type]: async (raw) => {
      const event = ServiceRecorded.envelope.parse(raw);
      const link = await deps.reference.markServiceRecorded(event.data.contractId);
      if (link?.projectId) {
        await follow(link.projectId, 'in_delivery', { type: event.type, at: event.time }, causeFromEvent(event));
      }
    },
  };
}
