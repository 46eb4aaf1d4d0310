import type { NavItem } from '../../nav';

/** The organisations screens' menu entries (each shows only to the roles its API serves). */
export const organisationsNav: readonly NavItem[] = [];
