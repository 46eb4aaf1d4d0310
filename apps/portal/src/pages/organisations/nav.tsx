import {
  AuditOutlined,
  BankOutlined,
  FileDoneOutlined,
  FormOutlined,
  SolutionOutlined,
  UserAddOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { NavItem } from '../../nav-item';

/** Who may open the organisations screens (the APIs check again, object by object). */
export const ORGANISATIONS_ROLES = {
  /** Users acting for an organisation. */
  orgUsers: ['org_user'],
  /** An organisation's people: its users and its social workers. */
  members: ['org_user', 'social_worker'],
  /** Procurement registers organisations for officials and admins. */
  registrars: ['official', 'admin'],
  /** Who sees every registry entry. */
  registryReaders: ['official', 'admin', 'funder', 'evaluator'],
} as const;

const R = ORGANISATIONS_ROLES;

/** The organisations screens' menu entries (each shows only to the roles its API serves). */
export const organisationsNav: readonly NavItem[] = [
  {
    path: '/org/profile',
    icon: <BankOutlined />,
    roles: R.members,
    label: (p) =>
      p.roles.includes('org_user') ? 'organisations.nav.myOrganisation' : 'organisations.nav.ourOrganisation',
  },
  {
    path: '/org/opportunities',
    icon: <SolutionOutlined />,
    roles: R.orgUsers,
    label: () => 'organisations.nav.opportunities',
  },
  { path: '/org/bids', icon: <AuditOutlined />, roles: R.orgUsers, label: () => 'organisations.nav.bids' },
  { path: '/org/contracts', icon: <FileDoneOutlined />, roles: R.members, label: () => 'organisations.nav.contracts' },
  { path: '/org/records', icon: <FormOutlined />, roles: R.members, label: () => 'organisations.nav.records' },
  { path: '/org/expenses', icon: <WalletOutlined />, roles: R.orgUsers, label: () => 'organisations.nav.expenses' },
  { path: '/org/register', icon: <UserAddOutlined />, roles: R.registrars, label: () => 'organisations.nav.register' },
];
