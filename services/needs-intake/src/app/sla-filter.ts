import type { IntakeApi, Urgency } from '@sanshe/contracts';
import type { Filter } from '@sanshe/platform';
import type { z } from 'zod';
import type { SlaPolicy } from '../domain/sla';

/**
 * SLA states as store conditions, matching `slaState()`: "due soon" starts when the
 * reminder share of the need's own urgency window is left, so it is one range per urgency.
 */
export function slaFilter(state: z.infer<typeof IntakeApi.SlaState>, policy: SlaPolicy, now: Date): Filter {
  const nowIso = now.toISOString();
  const open = { 'sla.acknowledgedAt': null };
  const reminderStart = (urgency: Urgency) =>
    new Date(now.getTime() + policy.acknowledgeMinutes[urgency] * 60_000 * policy.reminderShare).toISOString();
  const urgencies = Object.keys(policy.acknowledgeMinutes) as Urgency[];
  switch (state) {
    case 'met':
      return { 'sla.met': true };
    case 'missed':
      return { 'sla.met': false };
    case 'breached':
      return { ...open, 'sla.acknowledgeBy': { $lte: nowIso } };
    case 'due_soon':
      return {
        ...open,
        $or: urgencies.map((urgency) => ({
          urgency,
          'sla.acknowledgeBy': { $gt: nowIso, $lte: reminderStart(urgency) },
        })),
      };
    case 'on_time':
      return {
        ...open,
        $or: urgencies.map((urgency) => ({ urgency, 'sla.acknowledgeBy': { $gt: reminderStart(urgency) } })),
      };
  }
}
