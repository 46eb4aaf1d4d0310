import type { Urgency } from '@sanshe/contracts';
import type { SlaRecord } from './need';

/** Acknowledgement deadlines per urgency, and when to remind before them. */
export interface SlaPolicy {
  acknowledgeMinutes: Record<Urgency, number>;
  /** Remind the owner when this share of the window is left (0.25 = the last quarter). */
  reminderShare: number;
}

export const DEFAULT_SLA_POLICY: SlaPolicy = {
  acknowledgeMinutes: { critical: 30, high: 4 * 60, normal: 24 * 60, low: 72 * 60 },
  reminderShare: 0.25,
};

export function acknowledgeDeadline(policy: SlaPolicy, urgency: Urgency, loggedAt: Date): Date {
  return new Date(loggedAt.getTime() + policy.acknowledgeMinutes[urgency] * 60_000);
}

export function reminderTime(policy: SlaPolicy, loggedAt: Date, deadline: Date): Date {
  const window = deadline.getTime() - loggedAt.getTime();
  return new Date(deadline.getTime() - window * policy.reminderShare);
}

export type SlaState = 'on_time' | 'due_soon' | 'breached' | 'met' | 'missed';

/** The SLA state of a need now: settled once acknowledged, otherwise by the clock. */
export function slaState(sla: SlaRecord, loggedAt: string, policy: SlaPolicy, now: Date): SlaState {
  if (sla.acknowledgedAt !== null) return sla.met ? 'met' : 'missed';
  const deadline = new Date(sla.acknowledgeBy);
  if (now.getTime() >= deadline.getTime()) return 'breached';
  if (now.getTime() >= reminderTime(policy, new Date(loggedAt), deadline).getTime()) return 'due_soon';
  return 'on_time';
}

/** First response: acknowledgement, or any handling that makes one unnecessary. */
export function firstResponse(sla: SlaRecord, at: string): SlaRecord {
  if (sla.acknowledgedAt !== null) return sla;
  return { ...sla, acknowledgedAt: at, met: new Date(at).getTime() <= new Date(sla.acknowledgeBy).getTime() };
}
