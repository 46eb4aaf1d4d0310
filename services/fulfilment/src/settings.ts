import { TrancheSchedule, type TrancheTerm } from '@sanshe/contracts';
import { z } from 'zod';
import { IndicatorSettingsShape } from './indicator-settings';
import { openDataSettings, OpenDataSettingsShape } from './open-data-settings';

const DEFAULT_GRANT_TRANCHES: TrancheTerm[] = [
  { percent: 50, milestone: 'signing' },
  { percent: 30, milestone: 'mid_term_evaluation' },
  { percent: 20, milestone: 'final_acceptance' },
];

/** Fulfilment's configuration, from the environment. */
export const FulfilmentSettings = z
  .object({
    /** JSON tranche schedule of contracts from venture-funding grants (the round award carries none). */
    FULFILMENT_GRANT_TRANCHES: z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (!s) return DEFAULT_GRANT_TRANCHES;
        try {
          return TrancheSchedule.parse(JSON.parse(s));
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: `must be a JSON tranche schedule summing to 100: ${String(error)}` });
          return z.NEVER;
        }
      }),
    /** Length of a contract's service period from its signing, until an amendment changes it. */
    FULFILMENT_CONTRACT_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
    /** When true, a record completes a need only if the resident confirmed it with their code. */
    FULFILMENT_CONFIRMATION_REQUIRED: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /** Percent a budget line may be overspent before an alert is raised. */
    FULFILMENT_EXPENSE_VARIANCE_PERCENT: z.coerce.number().min(0).max(100).default(10),
    ...OpenDataSettingsShape,
    ...IndicatorSettingsShape,
  })
  .transform((s) => ({
    grantTranches: s.FULFILMENT_GRANT_TRANCHES,
    contractMonths: s.FULFILMENT_CONTRACT_MONTHS,
    confirmationRequired: s.FULFILMENT_CONFIRMATION_REQUIRED,
    expenseVariancePercent: s.FULFILMENT_EXPENSE_VARIANCE_PERCENT,
    openData: openDataSettings(s),
    indicatorTargets: s.FULFILMENT_INDICATOR_TARGETS,
  }));
export type FulfilmentSettings = z.infer<typeof FulfilmentSettings>;

export const defaultFulfilmentSettings: FulfilmentSettings = FulfilmentSettings.parse({});
