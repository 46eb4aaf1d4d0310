import { DashboardOutlined, FundOutlined } from '@ant-design/icons';
import type { NavItem } from '../../nav-item';
import { FUNDERS_ROLES } from './roles';

/** The funders screens' menu entries (each shows only to the roles its API serves). */
export const fundersNav: readonly NavItem[] = [
  {
    path: '/funders/spending',
    icon: <FundOutlined />,
    roles: FUNDERS_ROLES.spending,
    label: () => 'funders.nav.spending',
  },
  {
    path: '/funders/indicators',
    icon: <DashboardOutlined />,
    roles: FUNDERS_ROLES.indicators,
    label: () => 'funders.nav.indicators',
  },
];
