import { NeedEscalated } from '@sanshe/contracts';
import { createEvent } from '@sanshe/platform';
import type { IntakeDeps } from './deps';
import { SOURCE } from './source';

/**
 * Before the acknowledgement deadline: remind the owner. The reminder is recorded on
 * the need (a notification channel — SMS, the portal — reads it from there).
 */
export async function remindOwner(deps: IntakeDeps, needId: string): Promise<void> {
  const need = await deps.needs.get(needId);
  if (!need || need.status !== 'logged' || need.sla.acknowledgedAt !== null || need.sla.remindedAt !== null) return;
  const now = deps.clock.now();
  await deps.needs.update(need, { $set: { 'sla.remindedAt': now.toISOString() } }, []);
  deps.logger.info(
    { needId, ownerId: need.ownerId, acknowledgeBy: need.sla.acknowledgeBy },
    'SLA reminder: acknowledge the need',
  );
}

/** After the deadline with no response: escalate to the street (`need.escalated`), once. */
export async function escalateIfUnacknowledged(deps: IntakeDeps, needId: string): Promise<void> {
  const need = await deps.needs.get(needId);
  if (!need || need.sla.acknowledgedAt !== null || need.sla.escalatedAt !== null) return;
  if (need.status !== 'logged') return;
  const now = deps.clock.now();
  if (now.getTime() < new Date(need.sla.acknowledgeBy).getTime()) {
    throw new Error('escalation job ran before the deadline; it will be retried');
  }
  const at = now.toISOString();
  const event = createEvent(NeedEscalated, {
    source: SOURCE,
    subject: need._id,
    now,
    cause: { correlationId: `sla:${need._id}`, causationId: null },
    data: {
      needId: need._id,
      caseNumber: need.caseNumber,
      ownerId: need.ownerId,
      escalatedTo: need.streetCode,
      acknowledgeBy: need.sla.acknowledgeBy,
      escalatedAt: at,
    },
  });
  const updated = await deps.needs.update(need, { $set: { 'sla.escalatedAt': at } }, [event]);
  if (!updated) throw new Error('the need changed while escalating; the job will be retried');
}
