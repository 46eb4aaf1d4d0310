import { lazy } from 'react';
import { Route } from 'react-router';
import { RequireRole } from '../../components/RequireRole';
import { DESIGN_ROLES } from './roles';

const SuggestionsPage = lazy(() => import('./SuggestionsPage'));
const ProjectListPage = lazy(() => import('./ProjectListPage'));
const ProjectEditorPage = lazy(() => import('./ProjectEditorPage'));

/** The design screens' routes, mounted inside the signed-in layout by App.tsx. */
export const designRoutes = (
  <>
    <Route
      path="design/suggestions"
      element={
        <RequireRole roles={DESIGN_ROLES.suggestions}>
          <SuggestionsPage />
        </RequireRole>
      }
    />
    <Route
      path="design/projects"
      element={
        <RequireRole roles={DESIGN_ROLES.projects}>
          <ProjectListPage />
        </RequireRole>
      }
    />
    <Route
      path="design/projects/:projectId"
      element={
        <RequireRole roles={DESIGN_ROLES.projects}>
          <ProjectEditorPage />
        </RequireRole>
      }
    />
  </>
);
