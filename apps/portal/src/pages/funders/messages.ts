import type { EnglishOf } from '../../i18n/areas';

/** The words of the funders screens, Chinese first; keys start with 'funders.'. */
const zh = {
  'funders.area': '资金监管',
} as const;

const en: EnglishOf<typeof zh> = {
  'funders.area': 'Funding',
};

export const fundersMessages = { zh, en };
