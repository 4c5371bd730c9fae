// Rows of a dataset fetched page by page from GET /api/datasets/{id}/preview as the table
// scrolls: only the pages under the visible rows are asked for, and fetched pages are cached
// (per data version, so replaced data is never mixed with old rows).
import { useQueries } from '@tanstack/react-query';
import { previewDataset } from '../../api/datasets';
import { queryKeys } from '../../api/queryKeys';
import type { CellValue, DatasetColumn } from '../../api/types';

export const previewPageSize = 500; // the API allows up to 1000

export interface PreviewRows {
  /** The row at `index`, or undefined while its page loads. */
  rowAt: (index: number) => CellValue[] | undefined;
  /** Columns as the preview reports them (the dataset's schema), once a page arrived. */
  columns: DatasetColumn[] | undefined;
  /** Row count and data version of the data the pages came from. */
  totalRows: number | undefined;
  dataVersion: number | undefined;
  error: unknown;
}

export function usePreviewRows(
  datasetId: string,
  dataVersion: number,
  firstIndex: number,
  lastIndex: number,
): PreviewRows {
  const firstPage = Math.floor(Math.max(0, firstIndex) / previewPageSize);
  const lastPage = Math.max(firstPage, Math.floor(Math.max(0, lastIndex) / previewPageSize));
  const pages: number[] = [];
  for (let page = firstPage; page <= lastPage; page++) pages.push(page);

  const results = useQueries({
    queries: pages.map((page) => ({
      queryKey: queryKeys.datasetPreviewPage(datasetId, dataVersion, page),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        previewDataset(datasetId, page * previewPageSize, previewPageSize, signal),
      staleTime: Infinity, // a data version never changes
    })),
  });

  const byPage = new Map<number, CellValue[][]>();
  let columns: DatasetColumn[] | undefined;
  let totalRows: number | undefined;
  let servedVersion: number | undefined;
  let error: unknown = null;
  results.forEach((result, i) => {
    if (result.data) {
      byPage.set(pages[i]!, result.data.rows);
      columns ??= result.data.columns;
      totalRows ??= result.data.totalRows;
      servedVersion ??= result.data.dataVersion;
    }
    if (result.error) error ??= result.error;
  });

  return {
    rowAt: (index) => byPage.get(Math.floor(index / previewPageSize))?.[index % previewPageSize],
    columns,
    totalRows,
    dataVersion: servedVersion,
    error,
  };
}
