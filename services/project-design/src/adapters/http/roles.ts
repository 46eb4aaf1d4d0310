import type { Role } from '@sanshe/platform';

/** Community staff author and submit; administrators may do anything. */
export const AUTHORS = ['community_staff', 'admin'] as const satisfies readonly Role[];
/** Street officials (for their streets) and district civil-affairs officials decide. */
export const APPROVERS = ['street_official', 'official', 'admin'] as const satisfies readonly Role[];
export const DESIGNERS = [...AUTHORS, 'street_official', 'official'] as const satisfies readonly Role[];
export const READERS = [...DESIGNERS, 'funder'] as const satisfies readonly Role[];
export const PROGRAMME_MANAGERS = ['funder', 'official', 'admin'] as const satisfies readonly Role[];
