// The app's address map. Each feature keeps its own routes in pages/<feature>/routes.tsx;
// this file only mounts them under the signed-in shell.
import { Navigate, type RouteObject } from 'react-router';
import { RequireSession } from './auth/RequireSession';
import { AppShell } from './components/shell/AppShell';
import { NotFoundPage } from './pages/NotFoundPage';
import { adminRoutes } from './pages/admin/routes';
import { cardRoutes } from './pages/cards/routes';
import { dashboardRoutes } from './pages/dashboards/routes';
import { datasetRoutes } from './pages/datasets/routes';
import { LoginPage } from './pages/login/LoginPage';
import { sharedRoutes } from './pages/shared/routes';

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    // Shown while the first page's code loads (pages are split per feature).
    hydrateFallbackElement: <p className="muted">…</p>,
    element: (
      <RequireSession>
        <AppShell />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/datasets" replace /> },
      ...datasetRoutes,
      ...cardRoutes,
      ...dashboardRoutes,
      ...sharedRoutes,
      ...adminRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
