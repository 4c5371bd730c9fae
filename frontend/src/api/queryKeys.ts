// TanStack Query keys of cached API data, in one place so a change can invalidate the right
// entries (e.g. a rename refreshes the list and the dataset).
export const queryKeys = {
  /** Every list of datasets (a prefix: invalidating it refreshes the "mine" list too). */
  datasets: ['datasets'] as const,
  datasetList: (mine: boolean) => ['datasets', { mine }] as const,
  dataset: (datasetId: string) => ['dataset', datasetId] as const,
  datasetPreviewPage: (datasetId: string, dataVersion: number, page: number) =>
    ['dataset-preview', datasetId, dataVersion, page] as const,
  /** The cards list (own and shared). */
  cards: ['cards'] as const,
  card: (cardId: string) => ['card', cardId] as const,
  /** The dashboards list (own and shared). */
  dashboards: ['dashboards'] as const,
  dashboard: (dashboardId: string) => ['dashboard', dashboardId] as const,
  dashboardRun: (dashboardId: string) => ['dashboard-run', dashboardId] as const,
  filterValues: (dashboardId: string, filterId: string, q: string) =>
    ['dashboard-filter-values', dashboardId, filterId, q] as const,
  /** A dashboard's filter views (shared ones and the caller's own). */
  filterViews: (dashboardId: string) => ['dashboard-filter-views', dashboardId] as const,
  users: ['users'] as const,
  me: ['me'] as const,
};
