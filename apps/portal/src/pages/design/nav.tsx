import { BulbOutlined, ProjectOutlined } from '@ant-design/icons';
import type { NavItem } from '../../nav-item';
import { DESIGN_ROLES } from './roles';

/** The design screens' menu entries (each shows only to the roles its API serves). */
export const designNav: readonly NavItem[] = [
  {
    path: '/design/suggestions',
    icon: <BulbOutlined />,
    roles: DESIGN_ROLES.suggestions,
    label: () => 'design.nav.suggestions',
  },
  {
    path: '/design/projects',
    icon: <ProjectOutlined />,
    roles: DESIGN_ROLES.projects,
    label: (p) => (p.roles.includes('community_staff') ? 'design.nav.myProjects' : 'design.nav.projects'),
  },
];
