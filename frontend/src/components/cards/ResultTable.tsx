// A card's table result in a virtualised grid (the dataset preview's look: only the rows and
// columns on screen are in the page), sortable by clicking a column's header: ascending,
// descending, then back to the card's own order.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TableResult } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { useVirtualGrid } from '../grid/useVirtualGrid';
import { ValueCell } from '../grid/ValueCell';
import { VirtualGrid } from '../grid/VirtualGrid';
import { nextSort, sortedIndexes, typeOfDtype, type SortOrder } from './tableResult';

export function ResultTable({ result }: { result: TableResult }) {
  const { t } = useTranslation('cards');
  const format = useFormat();
  const [sort, setSort] = useState<SortOrder | null>(null);
  const { columns } = result;
  const rows = result.rows as unknown[][];
  const types = useMemo(() => columns.map((c) => typeOfDtype(c.dtype)), [columns]);
  const order = useMemo(
    () => sortedIndexes(rows, sort, format.locale),
    [rows, sort, format.locale],
  );
  const { scrollRef, layout } = useVirtualGrid({
    rowCount: rows.length,
    columnCount: columns.length,
    rowHeight: 32,
    numberWidth: 64,
    columnWidth: 170,
    initialHeight: 400,
  });

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
      <VirtualGrid
        scrollRef={scrollRef}
        layout={layout}
        className="preview result-table__grid"
        label={t('output.tableLabel')}
        numberHeader="#"
        renderHeader={(index) => {
          const column = columns[index]!;
          const sorted = sort?.column === index ? sort.direction : undefined;
          return (
            <div
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
        }}
        getRow={(index) => rows[order[index]!]!}
        renderCell={(row, index) => {
          const raw = row[index];
          const value =
            raw === undefined || raw === null
              ? null
              : typeof raw === 'object'
                ? JSON.stringify(raw)
                : (raw as string | number | boolean);
          return (
            <ValueCell
              columnIndex={index}
              value={value}
              type={types[index]!}
              locale={format.locale}
            />
          );
        }}
      />
    </div>
  );
}
