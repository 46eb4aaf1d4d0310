import {
  BarChartOutlined,
  FormOutlined,
  HomeOutlined,
  SearchOutlined,
  UnorderedListOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { Role } from './auth/session';
import type { NavItem } from './nav-item';
import { designNav } from './pages/design/nav';
import { fundersNav } from './pages/funders/nav';
import { officialsNav } from './pages/officials/nav';
import { organisationsNav } from './pages/organisations/nav';

export type { NavItem };

const INTAKE_HANDLERS = ['community_staff', 'admin'] as const;
const NEED_READERS = ['community_staff', 'street_official', 'official', 'admin'] as const;
const STATS_READERS = ['community_staff', 'street_official', 'official', 'admin', 'funder'] as const;
export const EVERYONE: readonly Role[] = [
  'community_staff',
  'street_official',
  'official',
  'org_user',
  'social_worker',
  'funder',
  'evaluator',
  'admin',
];

/**
 * The menu, by role: each entry shows only to the roles its API serves (the server checks
 * again). Officials', organisations' and funders' screens join as their services land.
 */
export const NAV: readonly NavItem[] = [
  { path: '/', icon: <HomeOutlined />, roles: EVERYONE, label: () => 'nav.home' },
  { path: '/needs/new', icon: <FormOutlined />, roles: INTAKE_HANDLERS, label: () => 'nav.logNeed' },
  {
    path: '/needs',
    icon: <UnorderedListOutlined />,
    roles: NEED_READERS,
    label: (p) =>
      p.roles.includes('community_staff')
        ? 'nav.myNeeds'
        : p.roles.includes('street_official')
          ? 'nav.areaNeeds'
          : 'nav.allNeeds',
  },
  { path: '/imports', icon: <UploadOutlined />, roles: INTAKE_HANDLERS, label: () => 'nav.imports' },
  { path: '/stats', icon: <BarChartOutlined />, roles: STATS_READERS, label: () => 'nav.stats' },
  ...designNav,
  ...officialsNav,
  ...organisationsNav,
  ...fundersNav,
  { path: '/track', icon: <SearchOutlined />, roles: EVERYONE, label: () => 'nav.track' },
];

export const ROUTE_ROLES = {
  logNeed: INTAKE_HANDLERS,
  needs: NEED_READERS,
  imports: INTAKE_HANDLERS,
  stats: STATS_READERS,
} as const;
