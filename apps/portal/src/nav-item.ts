import type { ReactNode } from 'react';
import type { Principal, Role } from './auth/session';
import type { MessageKey } from './i18n';

/** A menu entry: shown only to the roles its API serves (the server checks again). */
export interface NavItem {
  path: string;
  icon: ReactNode;
  roles: readonly Role[];
  label: (principal: Principal) => MessageKey;
}
