import type { Role } from '../../auth/session';

/** Who reads what (services/fulfilment/README.md); the server checks again. */
export const FUNDERS_ROLES = {
  spending: ['funder', 'official', 'admin'],
  indicators: ['funder', 'official', 'street_official', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
