import { z } from 'zod';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from './domain/sla';

// Fractions of a minute are allowed so real-infrastructure tests can watch a deadline pass.
const Minutes = z
  .number()
  .positive()
  .max(60 * 24 * 30);

/** Intake policy values and secrets, from the environment. */
export const IntakeSettings = z
  .object({
    PII_HASH_KEY: z.string().min(16).default('dev-only-pii-hash-key-change-me'),
    /** JSON, e.g. {"critical":30,"high":240,"normal":1440,"low":4320}: minutes to acknowledge a need. */
    INTAKE_ACK_SLA_MINUTES: z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (s === undefined) return DEFAULT_SLA_POLICY.acknowledgeMinutes;
        try {
          return z
            .object({ critical: Minutes, high: Minutes, normal: Minutes, low: Minutes })
            .strict()
            .parse(JSON.parse(s));
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be JSON with minutes for critical, high, normal and low' });
          return z.NEVER;
        }
      }),
    INTAKE_SLA_REMINDER_SHARE: z.coerce.number().min(0).max(0.9).default(DEFAULT_SLA_POLICY.reminderShare),
    /** Resident lookups allowed per client address per minute. */
    INTAKE_TRACK_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  })
  .transform((s) => ({
    piiHashKey: s.PII_HASH_KEY,
    sla: {
      acknowledgeMinutes: s.INTAKE_ACK_SLA_MINUTES,
      reminderShare: s.INTAKE_SLA_REMINDER_SHARE,
    } satisfies SlaPolicy,
    trackRatePerMinute: s.INTAKE_TRACK_RATE_PER_MINUTE,
  }));
export type IntakeSettings = z.infer<typeof IntakeSettings>;
