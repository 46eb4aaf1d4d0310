import type { EnglishOf } from '../../i18n/areas';

/** The words of the design screens, Chinese first; keys start with 'design.'. */
const zh = {
  'design.area': '项目设计',
} as const;

const en: EnglishOf<typeof zh> = {
  'design.area': 'Project design',
};

export const designMessages = { zh, en };
