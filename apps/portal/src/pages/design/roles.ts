import type { Role } from '../../auth/session';

/** Who may do what in project design, as services/project-design/README.md says (the server checks again). */
const AUTHORS = ['community_staff', 'admin'] as const satisfies readonly Role[];
const APPROVERS = ['street_official', 'official', 'admin'] as const satisfies readonly Role[];
const DESIGNERS = ['community_staff', 'street_official', 'official', 'admin'] as const satisfies readonly Role[];
const READERS = [...DESIGNERS, 'funder'] as const satisfies readonly Role[];

export const DESIGN_ROLES = {
  suggestions: DESIGNERS,
  projects: READERS,
  author: AUTHORS,
  approve: APPROVERS,
  lint: DESIGNERS,
  cancel: DESIGNERS,
} as const;
