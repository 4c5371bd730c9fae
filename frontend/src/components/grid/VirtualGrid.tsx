// A virtualised grid laid out by useVirtualGrid, with table semantics (role="table", rows,
// column and row headers, aria row and column counts and indexes): a header row, then a row
// number and the cells of each row on screen. A row not loaded yet shows `loadingRow`.
import { Fragment, type ReactNode, type RefObject } from 'react';
import { useFormat } from '../../i18n/format';
import type { VirtualGridLayout } from './useVirtualGrid';

interface Props<Row> {
  scrollRef: RefObject<HTMLDivElement | null>;
  layout: VirtualGridLayout;
  className: string;
  label: string;
  /** The row-number column's header. */
  numberHeader: ReactNode;
  /** A column's header cell (role="columnheader"). */
  renderHeader: (columnIndex: number) => ReactNode;
  getRow: (rowIndex: number) => Row | undefined;
  /** A cell (role="cell") of a loaded row. */
  renderCell: (row: Row, columnIndex: number) => ReactNode;
  loadingRow?: ReactNode;
}

export function VirtualGrid<Row>({
  scrollRef,
  layout,
  className,
  label,
  numberHeader,
  renderHeader,
  getRow,
  renderCell,
  loadingRow,
}: Props<Row>) {
  const format = useFormat();
  const { template, width } = layout;
  const spacer = <div className="preview__spacer" aria-hidden="true" />;
  return (
    <div
      ref={scrollRef}
      className={className}
      role="table"
      aria-label={label}
      aria-rowcount={layout.rowCount + 1}
      aria-colcount={layout.columnCount + 1}
    >
      <div className="preview__head" role="rowgroup" style={{ width }}>
        <div
          className="preview__row"
          role="row"
          aria-rowindex={1}
          style={{ gridTemplateColumns: template }}
        >
          <div className="preview__cell preview__cell--number" role="columnheader">
            {numberHeader}
          </div>
          {spacer}
          {layout.columns.map(({ index }) => (
            <Fragment key={index}>{renderHeader(index)}</Fragment>
          ))}
        </div>
      </div>
      <div className="preview__body" role="rowgroup" style={{ height: layout.height, width }}>
        {layout.rows.map((item) => {
          const row = getRow(item.index);
          return (
            <div
              key={item.key}
              className="preview__row"
              role="row"
              aria-rowindex={item.index + 2}
              style={{
                gridTemplateColumns: template,
                height: layout.rowHeight,
                transform: `translateY(${item.start}px)`,
              }}
            >
              <div className="preview__cell preview__cell--number" role="rowheader">
                {format.number(item.index + 1)}
              </div>
              {spacer}
              {row !== undefined
                ? layout.columns.map(({ index }) => (
                    <Fragment key={index}>{renderCell(row, index)}</Fragment>
                  ))
                : loadingRow}
            </div>
          );
        })}
      </div>
    </div>
  );
}
