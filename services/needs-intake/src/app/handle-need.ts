import {
  NeedAcknowledged,
  NeedClosed,
  NeedReassigned,
  NeedResolved,
  NeedStatusChanged,
  NeedWithdrawn,
  type EventEnvelope,
  type IntakeApi,
  type NeedStatus,
} from '@sanshe/contracts';
import { conflict, createEvent, type Cause, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import { commandProblem, type Need, type NeedCommand } from '../domain/need';
import { firstResponse } from '../domain/sla';
import type { NeedDocument } from '../adapters/store/needs-repository';
import { handleableNeed } from './access';
import type { IntakeDeps } from './deps';
import { SOURCE } from './source';

interface Change {
  set: Partial<Need>;
  push?: Record<string, unknown>;
  events: EventEnvelope[];
}

/**
 * Runs one command on a need the actor may handle: checks the transition (409 with
 * the reason), builds the change and its events, and saves both in one guarded write.
 */
async function runCommand(
  deps: IntakeDeps,
  actor: Principal,
  needId: string,
  command: NeedCommand,
  change: (need: NeedDocument, now: Date) => Change,
): Promise<NeedDocument> {
  const need = await handleableNeed(deps, actor, needId);
  const problem = commandProblem(need.status, command);
  if (problem) throw conflict('INTAKE.INVALID_TRANSITION', problem);
  const now = deps.clock.now();
  const { set, push, events } = change(need, now);
  const updated = await deps.needs.update(need, { $set: set, ...(push ? { $push: push } : {}) }, events);
  if (!updated) throw conflict('INTAKE.CONCURRENT_UPDATE', 'the need changed meanwhile; reload and retry');
  return updated;
}

function statusChange(need: NeedDocument, to: NeedStatus, now: Date, cause: Cause, note?: string) {
  const at = now.toISOString();
  return {
    set: {
      status: to,
      timeline: [
        ...need.timeline,
        { status: to, at, cause: `request:${cause.correlationId}`, ...(note ? { note } : {}) },
      ],
    },
    event: createEvent(NeedStatusChanged, {
      source: SOURCE,
      subject: need._id,
      now,
      cause,
      data: { needId: need._id, caseNumber: need.caseNumber, from: need.status, to, changedAt: at },
    }),
  };
}

export function acknowledgeNeed(deps: IntakeDeps, actor: Principal, needId: string, cause: Cause) {
  return runCommand(deps, actor, needId, 'acknowledge', (need, now) => {
    const at = now.toISOString();
    const sla = firstResponse(need.sla, at);
    const status = statusChange(need, 'acknowledged', now, cause);
    return {
      set: { ...status.set, sla },
      events: [
        createEvent(NeedAcknowledged, {
          source: SOURCE,
          subject: need._id,
          now,
          cause,
          data: { needId: need._id, acknowledgedBy: actor.sub, acknowledgedAt: at, withinSla: sla.met === true },
        }),
        status.event,
      ],
    };
  });
}

export function reassignNeed(
  deps: IntakeDeps,
  actor: Principal,
  needId: string,
  input: z.infer<typeof IntakeApi.ReassignNeedRequest>,
  cause: Cause,
) {
  return runCommand(deps, actor, needId, 'reassign', (need, now) => {
    if (input.to === need.ownerId) throw conflict('INTAKE.SAME_OWNER', 'the need is already owned by this person');
    const at = now.toISOString();
    return {
      set: { ownerId: input.to },
      push: { ownerHistory: { from: need.ownerId, to: input.to, reason: input.reason, at } },
      events: [
        createEvent(NeedReassigned, {
          source: SOURCE,
          subject: need._id,
          now,
          cause,
          data: { needId: need._id, from: need.ownerId, to: input.to, reason: input.reason, reassignedAt: at },
        }),
      ],
    };
  });
}

export function resolveNeed(
  deps: IntakeDeps,
  actor: Principal,
  needId: string,
  input: z.infer<typeof IntakeApi.ResolveNeedRequest>,
  cause: Cause,
) {
  return runCommand(deps, actor, needId, 'resolve', (need, now) => {
    const at = now.toISOString();
    const to = input.how === 'referred' ? 'referred' : 'resolved';
    const referredTo = input.how === 'referred' ? input.referredTo : null;
    const status = statusChange(need, to, now, cause, input.outcome);
    return {
      set: {
        ...status.set,
        sla: firstResponse(need.sla, at),
        resolution: { how: input.how, referredTo, outcome: input.outcome },
      },
      events: [
        createEvent(NeedResolved, {
          source: SOURCE,
          subject: need._id,
          now,
          cause,
          data: { needId: need._id, how: input.how, referredTo, outcome: input.outcome, resolvedAt: at },
        }),
        status.event,
      ],
    };
  });
}

export function withdrawNeed(
  deps: IntakeDeps,
  actor: Principal,
  needId: string,
  input: z.infer<typeof IntakeApi.WithdrawNeedRequest>,
  cause: Cause,
) {
  return runCommand(deps, actor, needId, 'withdraw', (need, now) => {
    const at = now.toISOString();
    const status = statusChange(need, 'withdrawn', now, cause, input.reason);
    return {
      // Withdrawal is a response too: it settles the acknowledgement SLA.
      set: { ...status.set, closedAt: at, sla: firstResponse(need.sla, at) },
      events: [
        createEvent(NeedWithdrawn, {
          source: SOURCE,
          subject: need._id,
          now,
          cause,
          data: { needId: need._id, reason: input.reason, withdrawnAt: at },
        }),
        status.event,
      ],
    };
  });
}

export function closeNeed(
  deps: IntakeDeps,
  actor: Principal,
  needId: string,
  input: z.infer<typeof IntakeApi.CloseNeedRequest>,
  cause: Cause,
) {
  return runCommand(deps, actor, needId, 'close', (need, now) => {
    const at = now.toISOString();
    const status = statusChange(need, 'closed', now, cause);
    return {
      set: { ...status.set, satisfaction: input.satisfaction, closedAt: at },
      events: [
        createEvent(NeedClosed, {
          source: SOURCE,
          subject: need._id,
          now,
          cause,
          data: { needId: need._id, satisfaction: input.satisfaction, closedAt: at },
        }),
        status.event,
      ],
    };
  });
}
