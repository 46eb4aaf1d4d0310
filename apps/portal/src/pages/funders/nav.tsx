import type { NavItem } from '../../nav';

/** The funders screens' menu entries (each shows only to the roles its API serves). */
export const fundersNav: readonly NavItem[] = [];
