import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { RequireRole } from './components/RequireRole';
import { useSession } from './hooks';
import { I18nProvider, useI18n } from './i18n';
import { AppLayout } from './layout/AppLayout';
import { ROUTE_ROLES } from './nav';
import { designRoutes } from './pages/design/routes';
import { fundersRoutes } from './pages/funders/routes';
import { officialsRoutes } from './pages/officials/routes';
import { organisationsRoutes } from './pages/organisations/routes';
import { NotFound } from './pages/Status';

// Every screen is its own chunk: the login page does not download the statistics charts.
const LoginPage = lazy(() => import('./pages/LoginPage'));
const TrackPage = lazy(() => import('./pages/TrackPage'));
const HomePage = lazy(() => import('./pages/HomePage'));
const LogNeedPage = lazy(() => import('./pages/intake/LogNeedPage'));
const NeedListPage = lazy(() => import('./pages/intake/NeedListPage'));
const NeedDetailPage = lazy(() => import('./pages/intake/NeedDetailPage'));
const ImportPage = lazy(() => import('./pages/intake/ImportPage'));
const StatsPage = lazy(() => import('./pages/intake/StatsPage'));

function Loading() {
  const { t } = useI18n();
  return <Spin tip={t('app.loading')} fullscreen />;
}

function SignedIn() {
  const session = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <AppLayout principal={session.principal} />;
}

function Routed() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/track" element={<TrackPage />} />
        <Route element={<SignedIn />}>
          <Route index element={<HomePage />} />
          <Route
            path="needs/new"
            element={
              <RequireRole roles={ROUTE_ROLES.logNeed}>
                <LogNeedPage />
              </RequireRole>
            }
          />
          <Route
            path="needs"
            element={
              <RequireRole roles={ROUTE_ROLES.needs}>
                <NeedListPage />
              </RequireRole>
            }
          />
          <Route
            path="needs/:needId"
            element={
              <RequireRole roles={ROUTE_ROLES.needs}>
                <NeedDetailPage />
              </RequireRole>
            }
          />
          <Route
            path="imports"
            element={
              <RequireRole roles={ROUTE_ROLES.imports}>
                <ImportPage />
              </RequireRole>
            }
          />
          <Route
            path="stats"
            element={
              <RequireRole roles={ROUTE_ROLES.stats}>
                <StatsPage />
              </RequireRole>
            }
          />
          {designRoutes}
          {officialsRoutes}
          {organisationsRoutes}
          {fundersRoutes}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

function Localized() {
  const { locale } = useI18n();
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#c8102e', borderRadius: 6 } }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <BrowserRouter>
          <Routed />
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localized />
    </I18nProvider>
  );
}
