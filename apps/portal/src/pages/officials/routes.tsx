import { lazy } from 'react';
import { Route } from 'react-router';
import { RequireRole } from '../../components/RequireRole';
import { OFFICIALS_ROLES } from './nav';

// Each screen is its own chunk, loaded when first opened.
const ReviewListPage = lazy(() => import('./ReviewListPage'));
const ReviewDetailPage = lazy(() => import('./ReviewDetailPage'));
const ProcurementPage = lazy(() => import('./ProcurementPage'));
const TenderDetailPage = lazy(() => import('./TenderDetailPage'));
const RoundDetailPage = lazy(() => import('./RoundDetailPage'));
const PanelTasksPage = lazy(() => import('./PanelTasksPage'));
const ScoringPage = lazy(() => import('./ScoringPage'));
const TranchesPage = lazy(() => import('./TranchesPage'));

/** The officials screens' routes, mounted inside the signed-in layout by App.tsx. */
export const officialsRoutes = (
  <>
    <Route
      path="officials/projects"
      element={
        <RequireRole roles={OFFICIALS_ROLES.review}>
          <ReviewListPage />
        </RequireRole>
      }
    />
    <Route
      path="officials/projects/:projectId"
      element={
        <RequireRole roles={OFFICIALS_ROLES.review}>
          <ReviewDetailPage />
        </RequireRole>
      }
    />
    <Route
      path="officials/procurement"
      element={
        <RequireRole roles={OFFICIALS_ROLES.procurement}>
          <ProcurementPage />
        </RequireRole>
      }
    />
    <Route
      path="officials/procurement/tenders/:tenderId"
      element={
        <RequireRole roles={OFFICIALS_ROLES.procurement}>
          <TenderDetailPage />
        </RequireRole>
      }
    />
    <Route
      path="officials/procurement/rounds/:roundId"
      element={
        <RequireRole roles={OFFICIALS_ROLES.procurement}>
          <RoundDetailPage />
        </RequireRole>
      }
    />
    <Route
      path="officials/panels"
      element={
        <RequireRole roles={OFFICIALS_ROLES.panels}>
          <PanelTasksPage />
        </RequireRole>
      }
    />
    <Route
      path="officials/panels/:kind/:targetId"
      element={
        <RequireRole roles={OFFICIALS_ROLES.panels}>
          <ScoringPage />
        </RequireRole>
      }
    />
    <Route
      path="officials/tranches"
      element={
        <RequireRole roles={OFFICIALS_ROLES.tranches}>
          <TranchesPage />
        </RequireRole>
      }
    />
  </>
);
