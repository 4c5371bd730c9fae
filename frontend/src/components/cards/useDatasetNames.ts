// Names of the datasets that cards use, read one by one (GET /api/datasets/{id}) and shared with
// the dataset pages' cache. A dataset shared through a dashboard is readable though not listed
// as one's own, so the list of datasets would not do.
import { useQueries } from '@tanstack/react-query';
import { getDataset } from '../../api/datasets';
import { isApiError } from '../../api/errors';
import { queryKeys } from '../../api/queryKeys';

/** datasetId -> name; `null` when the dataset is gone or hidden, absent while loading. */
export function useDatasetNames(datasetIds: string[]): Map<string, string | null> {
  const unique = [...new Set(datasetIds)];
  const results = useQueries({
    queries: unique.map((datasetId) => ({
      queryKey: queryKeys.dataset(datasetId),
      queryFn: () => getDataset(datasetId),
    })),
  });
  const names = new Map<string, string | null>();
  results.forEach((result, i) => {
    if (result.data) names.set(unique[i]!, result.data.name);
    else if (isApiError(result.error, 'notFound')) names.set(unique[i]!, null);
  });
  return names;
}
