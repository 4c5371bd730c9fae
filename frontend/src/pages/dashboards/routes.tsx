// Routes of the dashboard pages (mounted under the signed-in shell). Pages load on first visit
// (`lazy`); a dashboard's chart renderers load on top only when a card needs them.
import type { RouteObject } from 'react-router';

export const dashboardRoutes: RouteObject[] = [
  {
    path: 'dashboards',
    lazy: async () => ({ Component: (await import('./DashboardsPage')).DashboardsPage }),
  },
  {
    path: 'dashboards/:dashboardId',
    lazy: async () => ({ Component: (await import('./DashboardPage')).DashboardPage }),
  },
];
