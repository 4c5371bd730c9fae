// Routes of the dataset pages (mounted under the signed-in shell).
import type { RouteObject } from 'react-router';
import { DatasetPage } from './DatasetPage';
import { DatasetsPage } from './DatasetsPage';

export const datasetRoutes: RouteObject[] = [
  { path: 'datasets', element: <DatasetsPage /> },
  { path: 'datasets/:datasetId', element: <DatasetPage /> },
];
