// Routes of the dashboard pages (mounted under the signed-in shell). Pages load on first visit
// (`lazy`).
import type { RouteObject } from 'react-router';

export const dashboardRoutes: RouteObject[] = [
  {
    path: 'dashboards',
    lazy: async () => ({ Component: (await import('./DashboardsPage')).DashboardsPage }),
  },
];
