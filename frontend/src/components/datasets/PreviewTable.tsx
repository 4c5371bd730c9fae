// The dataset's rows in a virtualised grid: only the rows on screen (plus a few) are in the
// DOM, and their pages are fetched as they scroll into view, so 10,000 or 1,000,000 rows
// scroll the same.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '../../api/queryKeys';
import type { Dataset } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { ErrorNotice } from '../errors/ErrorNotice';
import { useVirtualGrid } from '../grid/useVirtualGrid';
import { ValueCell } from '../grid/ValueCell';
import { VirtualGrid } from '../grid/VirtualGrid';
import { TypeBadge } from './TypeBadge';
import { usePreviewRows } from './usePreviewRows';

export function PreviewTable({ dataset }: { dataset: Dataset }) {
  const { t } = useTranslation('datasets');
  const format = useFormat();
  const columns = dataset.schema;
  const { scrollRef, layout } = useVirtualGrid({
    rowCount: dataset.rowCount,
    columnCount: columns.length,
    rowHeight: 32,
    numberWidth: 72,
    columnWidth: 180,
    initialHeight: 480,
  });
  const rows = usePreviewRows(
    dataset.datasetId,
    dataset.dataVersion,
    layout.rows[0]?.index ?? 0,
    layout.rows[layout.rows.length - 1]?.index ?? 0,
  );

  // The data was replaced since the dataset was read: read it again (new row count, schema).
  const queryClient = useQueryClient();
  const stale = rows.dataVersion !== undefined && rows.dataVersion !== dataset.dataVersion;
  useEffect(() => {
    if (stale)
      void queryClient.invalidateQueries({ queryKey: queryKeys.dataset(dataset.datasetId) });
  }, [stale, queryClient, dataset.datasetId]);

  if (dataset.rowCount === 0) return <p className="muted">{t('preview.empty')}</p>;

  return (
    <>
      {rows.error !== null && <ErrorNotice error={rows.error} />}
      <VirtualGrid
        scrollRef={scrollRef}
        layout={layout}
        className="preview"
        label={t('preview.label', { name: dataset.name })}
        numberHeader={t('preview.rowNumber')}
        renderHeader={(index) => {
          const column = columns[index]!;
          return (
            <div
              className="preview__cell"
              role="columnheader"
              aria-colindex={index + 2}
              title={column.name}
            >
              <span className="preview__name">{column.name}</span>
              <TypeBadge type={column.type} />
            </div>
          );
        }}
        getRow={rows.rowAt}
        renderCell={(row, index) => (
          <ValueCell
            columnIndex={index}
            value={row[index] ?? null}
            type={columns[index]!.type}
            locale={format.locale}
          />
        )}
        loadingRow={
          <div role="cell" className="preview__cell preview__cell--loading">
            {t('preview.loadingRows')}
          </div>
        }
      />
    </>
  );
}
