// Routes of the dataset pages (mounted under the signed-in shell). Pages load on first visit
// (`lazy`), so each feature's code stays out of the first download.
import type { RouteObject } from 'react-router';

export const datasetRoutes: RouteObject[] = [
  {
    path: 'datasets',
    lazy: async () => ({ Component: (await import('./DatasetsPage')).DatasetsPage }),
  },
  {
    path: 'datasets/:datasetId',
    lazy: async () => ({ Component: (await import('./DatasetPage')).DatasetPage }),
  },
];
