import type { NavItem } from '../../nav';

/** The officials screens' menu entries (each shows only to the roles its API serves). */
export const officialsNav: readonly NavItem[] = [];
