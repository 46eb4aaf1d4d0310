import { z } from 'zod';

/**
 * Open-data publishing (360Giving, HSDS), from the environment. The defaults are
 * placeholders for demonstration: a real publisher registers its own 360Giving prefix.
 */
export const OpenDataSettingsShape = {
  /** The publisher's 360Giving prefix; every grant id and locally made organisation id starts with it. */
  FULFILMENT_360_PREFIX: z
    .string()
    .regex(/^360G-[A-Za-z0-9][A-Za-z0-9-]{0,62}$/, 'a 360Giving prefix looks like 360G-examplefund')
    .default('360G-sanshe-demo'),
  FULFILMENT_360_PUBLISHER_NAME: z.string().trim().min(1).max(200).default('三社联动平台（演示数据）'),
  /** The licence the exports are published under (its canonical URI). */
  FULFILMENT_OPEN_DATA_LICENSE: z.url().default('https://creativecommons.org/licenses/by/4.0/'),
};

type Raw = { [K in keyof typeof OpenDataSettingsShape]: z.infer<(typeof OpenDataSettingsShape)[K]> };

export interface OpenDataSettings {
  prefix: string;
  publisherName: string;
  license: string;
}

export const openDataSettings = (s: Raw): OpenDataSettings => ({
  prefix: s.FULFILMENT_360_PREFIX,
  publisherName: s.FULFILMENT_360_PUBLISHER_NAME,
  license: s.FULFILMENT_OPEN_DATA_LICENSE,
});
