import { BaseConfig } from '@sanshe/platform';
import { z } from 'zod';

export const EmbeddedConfig = BaseConfig.and(
  z.object({
    /** Dev tokens for anyone who asks: never in production. */
    AUTH_DEV_TOKENS: z.enum(['true', 'false']).optional(),
  }),
);
export type EmbeddedConfig = z.infer<typeof EmbeddedConfig>;
