import { lazy, type ReactNode } from 'react';
import { Route } from 'react-router';
import { RequireRole } from '../../components/RequireRole';
import { ORGANISATIONS_ROLES as R } from './nav';

// Each screen is its own chunk, loaded when first opened.
const MyOrganisationPage = lazy(() => import('./MyOrganisationPage'));
const OrganisationPage = lazy(() => import('./MyOrganisationPage').then((m) => ({ default: m.OrganisationPage })));
const RegisterOrganisationPage = lazy(() => import('./RegisterOrganisationPage'));
const OpportunitiesPage = lazy(() => import('./OpportunitiesPage'));
const TenderPage = lazy(() => import('./TenderPage'));
const RoundPage = lazy(() => import('./RoundPage'));
const BidsPage = lazy(() => import('./BidsPage'));
const ContractsPage = lazy(() => import('./ContractsPage'));
const ContractPage = lazy(() => import('./ContractPage'));
const ServiceRecordsPage = lazy(() => import('./ServiceRecordsPage'));
const ExpensesPage = lazy(() => import('./ExpensesPage'));

const guarded = (path: string, roles: (typeof R)[keyof typeof R], element: ReactNode) => (
  <Route key={path} path={path} element={<RequireRole roles={roles}>{element}</RequireRole>} />
);

/** The organisations screens' routes, mounted inside the signed-in layout by App.tsx. */
export const organisationsRoutes = (
  <>
    {guarded('org/profile', R.members, <MyOrganisationPage />)}
    {guarded('org/register', R.registrars, <RegisterOrganisationPage />)}
    {guarded('org/organisations/:organisationId', R.registryReaders, <OrganisationPage />)}
    {guarded('org/opportunities', R.orgUsers, <OpportunitiesPage />)}
    {guarded('org/tenders/:tenderId', R.orgUsers, <TenderPage />)}
    {guarded('org/rounds/:roundId', R.orgUsers, <RoundPage />)}
    {guarded('org/bids', R.orgUsers, <BidsPage />)}
    {guarded('org/contracts', R.members, <ContractsPage />)}
    {guarded('org/contracts/:contractId', R.members, <ContractPage />)}
    {guarded('org/records', R.members, <ServiceRecordsPage />)}
    {guarded('org/records/:contractId', R.members, <ServiceRecordsPage />)}
    {guarded('org/expenses', R.orgUsers, <ExpensesPage />)}
    {guarded('org/expenses/:contractId', R.orgUsers, <ExpensesPage />)}
  </>
);
