import { z } from 'zod';
import { DEFAULT_TARGETS, INDICATOR_KEYS, type TargetSchedule } from './domain/indicators';

const Step = z
  .object({
    from: z.iso.date(),
    comparator: z.enum(['at_least', 'at_most']),
    value: z.number().nonnegative(),
  })
  .strict();

/** Per indicator, the targets and the day each takes effect; what is not given keeps the default. */
const Overrides = z.partialRecord(z.enum(INDICATOR_KEYS), z.array(Step).max(20)).default({});

/**
 * Policy targets are configuration with effective dates (the generalist model's 40% stage and
 * its later 100%, for instance), as JSON in `FULFILMENT_INDICATOR_TARGETS`:
 * `{"generalist_coverage":[{"from":"2026-01-01","comparator":"at_least","value":40},
 * {"from":"2028-01-01","comparator":"at_least","value":100}]}`.
 */
export const IndicatorSettingsShape = {
  FULFILMENT_INDICATOR_TARGETS: z
    .string()
    .optional()
    .transform((s, ctx): TargetSchedule => {
      if (!s) return DEFAULT_TARGETS;
      try {
        return { ...DEFAULT_TARGETS, ...Overrides.parse(JSON.parse(s)) };
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `must be JSON targets per indicator: ${String(error)}` });
        return z.NEVER;
      }
    }),
};
