// TanStack Query keys of cached API data, in one place so a change can invalidate the right
// entries (e.g. a rename refreshes the list and the dataset).
export const queryKeys = {
  datasets: ['datasets'] as const,
  dataset: (datasetId: string) => ['dataset', datasetId] as const,
  datasetPreviewPage: (datasetId: string, dataVersion: number, page: number) =>
    ['dataset-preview', datasetId, dataVersion, page] as const,
  users: ['users'] as const,
  me: ['me'] as const,
};
