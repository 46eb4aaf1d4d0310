/**
 * Each area of the portal keeps its words beside its screens (`pages/<area>/messages.ts`), so
 * areas grow without touching one big file; this gathers them into the one key space.
 */
import { designMessages } from '../pages/design/messages';
import { fundersMessages } from '../pages/funders/messages';
import { officialsMessages } from '../pages/officials/messages';
import { organisationsMessages } from '../pages/organisations/messages';

export const AREA_MESSAGES_ZH = {
  ...designMessages.zh,
  ...officialsMessages.zh,
  ...organisationsMessages.zh,
  ...fundersMessages.zh,
};

export const AREA_MESSAGES_EN: { readonly [K in keyof typeof AREA_MESSAGES_ZH]: string } = {
  ...designMessages.en,
  ...officialsMessages.en,
  ...organisationsMessages.en,
  ...fundersMessages.en,
};

export type { EnglishOf } from './english-of';
