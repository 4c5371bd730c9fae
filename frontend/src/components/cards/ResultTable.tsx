// A card's table result in a virtualised grid (the dataset preview's look: only the rows and
// columns on screen are in the page), sortable by clicking a column's header: ascending,
// descending, then back to the card's own order.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TableResult } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { formatCell } from '../datasets/formatCell';
import { nextSort, sortedIndexes, typeOfDtype, type SortOrder } from './tableResult';

const rowHeight = 32;
const numberWidth = 64;
const columnWidth = 170;

export function ResultTable({ result }: { result: TableResult }) {
  const { t } = useTranslation('cards');
  const format = useFormat();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [sort, setSort] = useState<SortOrder | null>(null);
  const { columns } = result;
  const rows = result.rows as unknown[][];
  const types = useMemo(() => columns.map((c) => typeOfDtype(c.dtype)), [columns]);
  const order = useMemo(() => sortedIndexes(rows, sort, format.locale), [rows, sort, format.locale]);

  // eslint-disable-next-line react-hooks/incompatible-library
  const rowVirtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    initialRect: { width: 1000, height: 400 },
  });
  const columnVirtualizer = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => columnWidth,
    paddingStart: numberWidth,
    overscan: 4,
    initialRect: { width: 1000, height: 400 },
  });
  const items = rowVirtualizer.getVirtualItems();
  const visibleColumns = columnVirtualizer.getVirtualItems();
  const width = numberWidth + columns.length * columnWidth;
  const skipped = (visibleColumns[0]?.start ?? numberWidth) - numberWidth;
  const template = `${numberWidth}px ${skipped}px repeat(${visibleColumns.length}, ${columnWidth}px)`;
  const spacer = <div className="preview__spacer" aria-hidden="true" />;

  return (
    <div className="result-table">
      <p className="muted small">
        {result.truncated
          ? t('output.rowsTruncated', {
              shown: format.number(rows.length),
              total: format.number(result.totalRows),
            })
          : t('output.rows', { count: result.totalRows, total: format.number(result.totalRows) })}
      </p>
      <div
        ref={scrollRef}
        className="preview result-table__grid"
        role="table"
        aria-label={t('output.tableLabel')}
        aria-rowcount={rows.length + 1}
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
              #
            </div>
            {spacer}
            {visibleColumns.map(({ index }) => {
              const column = columns[index]!;
              const sorted = sort?.column === index ? sort.direction : undefined;
              return (
                <div
                  key={index}
                  className="preview__cell result-table__header"
                  role="columnheader"
                  aria-colindex={index + 2}
                  aria-sort={sorted ?? 'none'}
                  title={`${column.name} (${column.dtype})`}
                >
                  <button
                    type="button"
                    className="result-table__sort"
                    onClick={() => setSort((current) => nextSort(current, index))}
                  >
                    <span className="preview__name">{column.name}</span>
                    <span className="result-table__dtype">{column.dtype}</span>
                    <span aria-hidden="true" className="result-table__arrow">
                      {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}
                    </span>
                  </button>
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
            const row = rows[order[item.index]!]!;
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
                {visibleColumns.map(({ index }) => {
                  const type = types[index]!;
                  const raw = row[index];
                  const value =
                    raw === undefined || raw === null
                      ? null
                      : typeof raw === 'object'
                        ? JSON.stringify(raw)
                        : (raw as string | number | boolean);
                  const numeric = type === 'int64' || type === 'float64';
                  const text = formatCell(value, type, format.locale);
                  return (
                    <div
                      key={index}
                      role="cell"
                      aria-colindex={index + 2}
                      className={`preview__cell${numeric ? ' numeric' : ''}${value === null ? ' preview__cell--null' : ''}`}
                      title={text}
                    >
                      {value === null ? 'null' : text}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
