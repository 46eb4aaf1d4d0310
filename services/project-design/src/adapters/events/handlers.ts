import {
  ContractCompleted,
  ContractSigned,
  ContractTerminated,
  GrantContracted,
  NeedClosed,
  NeedLogged,
  NeedResolved,
  NeedStatusChanged,
  NeedWithdrawn,
  RoundOpened,
  ServiceRecorded,
  TenderOpened,
} from '@sanshe/contracts';
import { causeFromEvent, type Cause, type EventHandler } from '@sanshe/platform';
import type { FollowedStatus } from '../../domain/project';
import type { DesignDeps } from '../../app/deps';
import { completeIfEnded, followContractEnd } from '../../app/follow-contract-end';
import { followProject } from '../../app/follow-project';
import { recordNeedLogged, recordNeedStatus } from '../../app/need-facts';

/**
 * Thin consumers: parse with zod, call the use case. Intake's events build the
 * open-needs read model (each status fact applied only if newer than the last one);
 * procurement's and fulfilment's move published projects along: a tender or a venture-funding
 * round opened, contracts signed (one per tender, one per grant), services recorded, contracts ended.
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
    [RoundOpened.type]: async (raw) => {
      const event = RoundOpened.envelope.parse(raw);
      // A round an official opened directly has no project.
      if (event.data.projectId)
        await follow(
          event.data.projectId,
          'in_procurement',
          { type: event.type, at: event.time },
          causeFromEvent(event),
        );
    },
    [ContractSigned.type]: async (raw) => {
      const event = ContractSigned.envelope.parse(raw);
      await contracted(event.data.contractId, event.data.projectId, event.type, event.data.signedAt, event);
    },
    [GrantContracted.type]: async (raw) => {
      const event = GrantContracted.envelope.parse(raw);
      if (event.data.projectId)
        await contracted(event.data.contractId, event.data.projectId, event.type, event.data.signedAt, event);
    },
    [ServiceRecorded.type]: async (raw) => {
      const event = ServiceRecorded.envelope.parse(raw);
      const link = await deps.reference.markServiceRecorded(event.data.contractId);
      if (link?.projectId) {
        await follow(link.projectId, 'in_delivery', { type: event.type, at: event.time }, causeFromEvent(event));
      }
    },
    [ContractCompleted.type]: async (raw) => {
      const event = ContractCompleted.envelope.parse(raw);
      const fact = { type: event.type, at: event.data.completedAt };
      await followContractEnd(deps, event.data.contractId, 'completed', fact, causeFromEvent(event));
      deps.nudge();
    },
    [ContractTerminated.type]: async (raw) => {
      const event = ContractTerminated.envelope.parse(raw);
      const fact = { type: event.type, at: event.data.terminatedAt };
      await followContractEnd(deps, event.data.contractId, 'terminated', fact, causeFromEvent(event));
      deps.nudge();
    },
  };

  /** A contract of the project was signed (a tender's, or one of a round's grants). */
  async function contracted(
    contractId: string,
    projectId: string,
    type: string,
    signedAt: string,
    event: Parameters<typeof causeFromEvent>[0],
  ): Promise<void> {
    const link = await deps.reference.linkContract(contractId, projectId);
    const cause = causeFromEvent(event);
    await follow(projectId, 'contracted', { type, at: signedAt, contractId }, cause);
    // A service record or the contract's end may have arrived first (other topics): apply them now.
    if (link?.serviceRecorded)
      await follow(projectId, 'in_delivery', { type: ServiceRecorded.type, at: signedAt }, cause);
    if (link?.closed) {
      const type = link.closed === 'completed' ? ContractCompleted.type : ContractTerminated.type;
      await completeIfEnded(deps, projectId, { type, at: signedAt }, cause);
      deps.nudge();
    }
  }
}
