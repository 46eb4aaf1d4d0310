import type { NavItem } from '../../nav';

/** The design screens' menu entries (each shows only to the roles its API serves). */
export const designNav: readonly NavItem[] = [];
