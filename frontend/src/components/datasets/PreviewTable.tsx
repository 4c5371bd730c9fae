// The dataset's rows in a virtualised grid: only the rows on screen (plus a few) are in the
// DOM, and their pages are fetched as they scroll into view, so 10,000 or 1,000,000 rows
// scroll the same.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '../../api/queryKeys';
import type { Dataset } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { ErrorNotice } from '../errors/ErrorNotice';
import { formatCell } from './formatCell';
import { TypeBadge } from './TypeBadge';
import { usePreviewRows } from './usePreviewRows';

const rowHeight = 32;
const numberWidth = 72;
const columnWidth = 180;

export function PreviewTable({ dataset }: { dataset: Dataset }) {
  const { t } = useTranslation('datasets');
  const format = useFormat();
  const scrollRef = useRef<HTMLDivElement>(null);
  const columns = dataset.schema;

  // Rows and columns are both virtualised: a wide dataset (hundreds of columns) costs no more
  // DOM than a narrow one. No React Compiler here, so the virtualizers' fresh functions each
  // render are fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rowVirtualizer = useVirtualizer({
    count: dataset.rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    // Until the element is measured (and in tests, where nothing is): a typical viewport.
    initialRect: { width: 1000, height: 480 },
  });
  const columnVirtualizer = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => columnWidth,
    paddingStart: numberWidth, // the row-number column stays in place (sticky)
    overscan: 4,
    initialRect: { width: 1000, height: 480 },
  });
  const items = rowVirtualizer.getVirtualItems();
  const visibleColumns = columnVirtualizer.getVirtualItems();
  const rows = usePreviewRows(
    dataset.datasetId,
    dataset.dataVersion,
    items[0]?.index ?? 0,
    items[items.length - 1]?.index ?? 0,
  );

  // The data was replaced since the dataset was read: read it again (new row count, schema).
  const queryClient = useQueryClient();
  const stale = rows.dataVersion !== undefined && rows.dataVersion !== dataset.dataVersion;
  useEffect(() => {
    if (stale)
      void queryClient.invalidateQueries({ queryKey: queryKeys.dataset(dataset.datasetId) });
  }, [stale, queryClient, dataset.datasetId]);

  if (dataset.rowCount === 0) return <p className="muted">{t('preview.empty')}</p>;
  const width = numberWidth + columns.length * columnWidth;
  // Row number, a spacer as wide as the columns scrolled past, then the columns on screen.
  const skipped = (visibleColumns[0]?.start ?? numberWidth) - numberWidth;
  const template = `${numberWidth}px ${skipped}px repeat(${visibleColumns.length}, ${columnWidth}px)`;
  const spacer = <div className="preview__spacer" aria-hidden="true" />;

  return (
    <>
      {rows.error !== null && <ErrorNotice error={rows.error} />}
      <div
        ref={scrollRef}
        className="preview"
        role="table"
        aria-label={t('preview.label', { name: dataset.name })}
        aria-rowcount={dataset.rowCount + 1}
        aria-colcount={columns.length + 1}
      >
        <div className="preview__head" role="rowgroup" style={{ width }}>
          <div
            className="preview__row"
            role="row"
            aria-rowindex={1}
            style={{ gridTemplateColumns: template }}
          >
            <div className="preview__cell preview__cell--number" role="columnheader">
              {t('preview.rowNumber')}
            </div>
            {spacer}
            {visibleColumns.map(({ index }) => {
              const column = columns[index]!;
              return (
                <div
                  key={column.name}
                  className="preview__cell"
                  role="columnheader"
                  aria-colindex={index + 2}
                  title={column.name}
                >
                  <span className="preview__name">{column.name}</span>
                  <TypeBadge type={column.type} />
                </div>
              );
            })}
          </div>
        </div>
        <div
          className="preview__body"
          role="rowgroup"
          style={{ height: rowVirtualizer.getTotalSize(), width }}
        >
          {items.map((item) => {
            const row = rows.rowAt(item.index);
            return (
              <div
                key={item.key}
                className="preview__row"
                role="row"
                aria-rowindex={item.index + 2}
                style={{
                  gridTemplateColumns: template,
                  height: rowHeight,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <div className="preview__cell preview__cell--number" role="rowheader">
                  {format.number(item.index + 1)}
                </div>
                {spacer}
                {row ? (
                  visibleColumns.map(({ index }) => {
                    const column = columns[index]!;
                    const value = row[index] ?? null;
                    const numeric = column.type === 'int64' || column.type === 'float64';
                    const text = formatCell(value, column.type, format.locale);
                    return (
                      <div
                        key={column.name}
                        role="cell"
                        aria-colindex={index + 2}
                        className={`preview__cell${numeric ? ' numeric' : ''}${value === null ? ' preview__cell--null' : ''}`}
                        title={text}
                      >
                        {value === null ? 'null' : text}
                      </div>
                    );
                  })
                ) : (
                  <div role="cell" className="preview__cell preview__cell--loading">
                    {t('preview.loadingRows')}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
