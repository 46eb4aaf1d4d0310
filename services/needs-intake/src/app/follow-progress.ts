import { NEED_LIFE_ORDER, NeedStatusChanged, type NeedStatus } from '@sanshe/contracts';
import { conflict, createEvent, type Cause } from '@sanshe/platform';
import { progress, releaseFromProject, type TimelineEntry } from '../domain/need';
import { firstResponse } from '../domain/sla';
import type { IntakeDeps } from './deps';
import { SOURCE } from './source';

/**
 * Moves a need along its timeline when a downstream service reports progress.
 * Safe to run twice for the same event: a recorded step is never recorded again.
 */
export async function followProgress(
  deps: Pick<IntakeDeps, 'needs' | 'clock' | 'logger'>,
  needId: string,
  to: NeedStatus,
  at: string,
  cause: Cause,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const need = await deps.needs.get(needId);
    if (!need) {
      // Not ours (e.g. a need of another deployment): acknowledge and move on.
      deps.logger.warn({ needId, to }, 'progress for an unknown need ignored');
      return;
    }
    const step = progress(need, to, at, `event:${cause.causationId ?? ''}`);
    if (step.kind === 'unchanged') return;
    const timeline = withStep(need.timeline, step.entry);
    if (step.kind === 'backfill') {
      if (await deps.needs.update(need, { $set: { timeline } }, [])) return;
      continue;
    }
    const event = createEvent(NeedStatusChanged, {
      source: SOURCE,
      subject: need._id,
      now: deps.clock.now(),
      cause,
      data: { needId: need._id, caseNumber: need.caseNumber, from: step.from, to: step.to, changedAt: at },
    });
    // Taking a need into a project is a response to it, too.
    const sla = firstResponse(need.sla, at);
    if (await deps.needs.update(need, { $set: { status: step.to, timeline, sla } }, [event])) return;
  }
  // Retried by the bus, then dead-lettered: better than a lost step.
  throw conflict('INTAKE.CONCURRENT_UPDATE', `need ${needId} kept changing while recording ${to}`);
}

/**
 * The timeline with a step put where it belongs in the life of a need. Events of different
 * topics arrive in any order (`need.fulfilled` before the `service.recorded` that preceded it):
 * a late step goes before the live steps at its end that come later in a need's life, instead
 * of after them. It never moves across a superseded step or an earlier one: what happened
 * before a project was cancelled stays as it was.
 */
export function withStep(timeline: readonly TimelineEntry[], entry: TimelineEntry): TimelineEntry[] {
  let at = timeline.length;
  while (at > 0) {
    const before = timeline[at - 1] as TimelineEntry;
    if (before.superseded || NEED_LIFE_ORDER[before.status] <= NEED_LIFE_ORDER[entry.status]) break;
    at--;
  }
  return [...timeline.slice(0, at), entry, ...timeline.slice(at)];
}

/** The need's project was cancelled, or the need unlinked from it: back to staff, once. */
export async function releaseNeed(
  deps: Pick<IntakeDeps, 'needs' | 'clock' | 'logger'>,
  needId: string,
  at: string,
  cause: Cause,
  note: string,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const need = await deps.needs.get(needId);
    if (!need) return;
    const release = releaseFromProject(need, at, `event:${cause.causationId ?? ''}`, note);
    if (release.kind === 'unchanged') return;
    const event = createEvent(NeedStatusChanged, {
      source: SOURCE,
      subject: need._id,
      now: deps.clock.now(),
      cause,
      data: { needId: need._id, caseNumber: need.caseNumber, from: release.from, to: release.to, changedAt: at },
    });
    if (await deps.needs.update(need, { $set: { status: release.to, timeline: release.timeline } }, [event])) return;
  }
  throw conflict('INTAKE.CONCURRENT_UPDATE', `need ${needId} kept changing while releasing it from its project`);
}
