import { NeedStatusChanged, type NeedStatus } from '@sanshe/contracts';
import { conflict, createEvent, type Cause, type Clock, type Logger } from '@sanshe/platform';
import { progress } from '../domain/need';
import type { NeedsRepository } from '../adapters/store/needs-repository';
import { SOURCE } from './source';

/**
 * Moves a need along its timeline when a downstream service reports progress.
 * Safe to run twice for the same event: a recorded step is never recorded again.
 */
export async function followProgress(
  deps: { needs: NeedsRepository; clock: Clock; logger: Logger },
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
    const timeline = [...need.timeline, step.entry];
    if (step.kind === 'backfill') {
      if (await deps.needs.update(need, { timeline }, [])) return;
      continue;
    }
    const event = createEvent(NeedStatusChanged, {
      source: SOURCE,
      subject: need._id,
      now: deps.clock.now(),
      cause,
      data: { needId: need._id, caseNumber: need.caseNumber, from: step.from, to: step.to, changedAt: at },
    });
    if (await deps.needs.update(need, { status: step.to, timeline }, [event])) return;
  }
  // Retried by the bus, then dead-lettered: better than a lost step.
  throw conflict('INTAKE.CONCURRENT_UPDATE', `need ${needId} kept changing while recording ${to}`);
}
