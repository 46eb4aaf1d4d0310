import { lazy } from 'react';
import { Route } from 'react-router';
import { RequireRole } from '../../components/RequireRole';
import { FUNDERS_ROLES } from './roles';

const SpendingPage = lazy(() => import('./SpendingPage'));
const IndicatorsPage = lazy(() => import('./IndicatorsPage'));

/** The funders screens' routes, mounted inside the signed-in layout by App.tsx. */
export const fundersRoutes = (
  <>
    <Route
      path="funders/spending"
      element={
        <RequireRole roles={FUNDERS_ROLES.spending}>
          <SpendingPage />
        </RequireRole>
      }
    />
    <Route
      path="funders/indicators"
      element={
        <RequireRole roles={FUNDERS_ROLES.indicators}>
          <IndicatorsPage />
        </RequireRole>
      }
    />
  </>
);
