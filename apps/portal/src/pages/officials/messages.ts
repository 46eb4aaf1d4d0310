import type { EnglishOf } from '../../i18n/areas';

/** The words of the officials screens, Chinese first; keys start with 'officials.'. */
const zh = {
  'officials.area': '政府监管',
} as const;

const en: EnglishOf<typeof zh> = {
  'officials.area': 'Oversight',
};

export const officialsMessages = { zh, en };
