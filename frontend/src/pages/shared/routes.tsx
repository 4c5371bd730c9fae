// Routes of the "Shared with me" page (mounted under the signed-in shell), loaded on first
// visit (`lazy`).
import type { RouteObject } from 'react-router';

export const sharedRoutes: RouteObject[] = [
  {
    path: 'shared',
    lazy: async () => ({ Component: (await import('./SharedWithMePage')).SharedWithMePage }),
  },
];
