import type { EnglishOf } from '../../i18n/areas';

/** The words of the organisations screens, Chinese first; keys start with 'organisations.'. */
const zh = {
  'organisations.area': '社会组织',
} as const;

const en: EnglishOf<typeof zh> = {
  'organisations.area': 'Social organisations',
};

export const organisationsMessages = { zh, en };
