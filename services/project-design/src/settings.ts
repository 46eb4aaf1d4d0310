import { z } from 'zod';

/** Project-design settings from the environment; the policy rules themselves are dated data (policy versions). */
export const DesignSettings = z
  .object({
    /** Fewest needs for a suggestion, unless the request asks for another threshold. */
    DESIGN_SUGGESTION_MIN_NEEDS: z.coerce.number().int().min(1).default(3),
    /** When the check after a multi-document change (needs claimed, budget reserved) runs. */
    DESIGN_RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(1).default(600),
    /** A claim or reservation younger than this is an operation in flight, never an orphan. */
    DESIGN_RECONCILE_GRACE_SECONDS: z.coerce.number().int().min(1).default(300),
  })
  .refine((s) => s.DESIGN_RECONCILE_GRACE_SECONDS <= s.DESIGN_RECONCILE_AFTER_SECONDS, {
    message: 'the grace period must not be longer than the delay of the check',
    path: ['DESIGN_RECONCILE_GRACE_SECONDS'],
  })
  .transform((s) => ({
    suggestionMinNeeds: s.DESIGN_SUGGESTION_MIN_NEEDS,
    reconcileAfterSeconds: s.DESIGN_RECONCILE_AFTER_SECONDS,
    reconcileGraceSeconds: s.DESIGN_RECONCILE_GRACE_SECONDS,
  }));
export type DesignSettings = z.infer<typeof DesignSettings>;

/** The most needs one project links (the API's limit), so the most a suggestion lists. */
export const MAX_NEEDS_PER_PROJECT = 500;
