import { BaseConfig } from '@sanshe/platform';
import { z } from 'zod';

export const EmbeddedConfig = BaseConfig.and(
  z.object({
    /** Dev tokens for anyone who asks: never in production. */
    AUTH_DEV_TOKENS: z.enum(['true', 'false']).optional(),
    /** Seed the demo story at start (same as `npm start -- --demo`). */
    SANSHE_DEMO: z.enum(['1', '0', 'true', 'false']).optional(),
  }),
);
export type EmbeddedConfig = z.infer<typeof EmbeddedConfig>;
