// The columns a dashboard filter may use: those of the datasets its cards read (each card's
// dataset and extra datasets, read with GET /api/datasets/{id}), one entry per column name
// with the type of the first dataset that has it. Also the filter kind a column suggests.
import { useQueries } from '@tanstack/react-query';
import { getDataset } from '../../api/datasets';
import { queryKeys } from '../../api/queryKeys';
import type { Card, ColumnType, FilterKind } from '../../api/types';

export interface FilterColumn {
  name: string;
  type: ColumnType;
}

export function useDashboardColumns(cards: Card[]) {
  const datasetIds = [
    ...new Set(cards.flatMap((card) => [card.datasetId, ...Object.values(card.extraDatasets)])),
  ];
  const datasets = useQueries({
    queries: datasetIds.map((datasetId) => ({
      queryKey: queryKeys.dataset(datasetId),
      queryFn: () => getDataset(datasetId),
    })),
  });
  const columns = new Map<string, FilterColumn>();
  for (const dataset of datasets)
    for (const column of dataset.data?.schema ?? [])
      if (!columns.has(column.name))
        columns.set(column.name, { name: column.name, type: column.type });
  return {
    columns: [...columns.values()],
    pending: datasets.some((d) => d.isPending),
    // A dataset that is gone or unreadable only leaves its columns out.
    errors: datasets.filter((d) => d.isError).map((d) => d.error),
  };
}

/** Numbers suggest a range, dates and timestamps a date range, the rest a choice of values. */
export function suggestedKind(type: ColumnType | undefined): FilterKind {
  if (type === 'int64' || type === 'float64') return 'numeric_range';
  if (type === 'date' || type === 'timestamp') return 'date_range';
  return 'select';
}
