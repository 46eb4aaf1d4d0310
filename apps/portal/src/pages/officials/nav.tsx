import { AuditOutlined, PayCircleOutlined, ProfileOutlined, SolutionOutlined } from '@ant-design/icons';
import type { Role } from '../../auth/session';
import type { NavItem } from '../../nav-item';

/** Who uses which officials screen (the services check every call again). */
export const OFFICIALS_ROLES = {
  /** Design's approvers; street officials decide too, but their screens are design's. */
  review: ['official', 'admin'],
  procurement: ['official', 'admin'],
  /** Only evaluators declare and score (the panel endpoints refuse everyone else). */
  panels: ['evaluator'],
  /** Funders and officials approve payments; administrators look on. */
  tranches: ['official', 'funder', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

/** The officials screens' menu entries (each shows only to the roles its API serves). */
export const officialsNav: readonly NavItem[] = [
  {
    path: '/officials/projects',
    icon: <AuditOutlined />,
    roles: OFFICIALS_ROLES.review,
    label: () => 'officials.nav.review',
  },
  {
    path: '/officials/procurement',
    icon: <ProfileOutlined />,
    roles: OFFICIALS_ROLES.procurement,
    label: () => 'officials.nav.procurement',
  },
  {
    path: '/officials/panels',
    icon: <SolutionOutlined />,
    roles: OFFICIALS_ROLES.panels,
    label: () => 'officials.nav.panels',
  },
  {
    path: '/officials/tranches',
    icon: <PayCircleOutlined />,
    roles: OFFICIALS_ROLES.tranches,
    label: () => 'officials.nav.tranches',
  },
];
