import { z } from 'zod';

/** Procurement policy values read from the environment (issue 5 moves them to dated policies). */
export const ProcurementSettings = z.object({
  TENDER_PERIOD_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(20 * 24 * 3600),
  MIN_PRICE_WEIGHT: z.coerce.number().int().min(0).max(100).default(10),
  MIN_QUALIFIED_BIDS: z.coerce.number().int().min(1).default(3),
});
export type ProcurementSettings = z.infer<typeof ProcurementSettings>;
