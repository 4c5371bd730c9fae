import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CellValue, ColumnType } from '../../api/types';
import { giveGridsAViewport } from '../../test/gridViewport';
import { renderWithProviders } from '../../test/render';
import { useVirtualGrid } from './useVirtualGrid';
import { ValueCell } from './ValueCell';
import { VirtualGrid } from './VirtualGrid';

beforeEach(() => giveGridsAViewport(400));
afterEach(() => vi.restoreAllMocks());

const types: ColumnType[] = ['string', 'int64', 'float64'];

// Rows 0-9 are loaded ("a<i>", i * 1000, null), the rest are not.
function Grid({ rowCount, columnCount }: { rowCount: number; columnCount: number }) {
  const { scrollRef, layout } = useVirtualGrid({
    rowCount,
    columnCount,
    rowHeight: 32,
    numberWidth: 64,
    columnWidth: 170,
    initialHeight: 400,
  });
  return (
    <VirtualGrid<CellValue[]>
      scrollRef={scrollRef}
      layout={layout}
      className="preview"
      label="Numbers"
      numberHeader="#"
      renderHeader={(index) => (
        <div role="columnheader" aria-colindex={index + 2}>
          {`column ${index}`}
        </div>
      )}
      getRow={(index) => (index < 10 ? [`a${index}`, index * 1000, null] : undefined)}
      renderCell={(row, index) => (
        <ValueCell
          columnIndex={index}
          value={row[index % 3] ?? null}
          type={types[index % 3]!}
          locale="en"
        />
      )}
      loadingRow={<div role="cell">loading</div>}
    />
  );
}

describe('VirtualGrid', () => {
  it('is a table with all rows and columns counted but only those on screen present', () => {
    renderWithProviders(<Grid rowCount={100_000} columnCount={500} />);
    const table = screen.getByRole('table', { name: 'Numbers' });
    expect(table).toHaveAttribute('aria-rowcount', '100001');
    expect(table).toHaveAttribute('aria-colcount', '501');
    const rows = within(table).getAllByRole('row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    const headers = within(rows[0]!).getAllByRole('columnheader');
    expect(headers[0]).toHaveTextContent('#');
    expect(headers[1]).toHaveTextContent('column 0');
    expect(headers[1]).toHaveAttribute('aria-colindex', '2');
    expect(headers.length).toBeLessThan(20);
  });

  it('numbers the rows, shows loaded ones cell by cell and the others as loading', () => {
    renderWithProviders(<Grid rowCount={100_000} columnCount={3} />);
    const rows = screen.getAllByRole('row');
    const second = rows[2]!;
    expect(second).toHaveAttribute('aria-rowindex', '3');
    expect(within(second).getByRole('rowheader')).toHaveTextContent('2');
    const cells = within(second).getAllByRole('cell');
    expect(cells.map((cell) => cell.textContent)).toEqual(['a1', '1,000', 'null']);
    expect(cells[1]).toHaveClass('numeric');
    expect(cells[1]).toHaveAttribute('title', '1,000');
    expect(cells[1]).toHaveAttribute('aria-colindex', '3');
    expect(cells[2]).toHaveClass('preview__cell--null');
    const eleventh = rows[11]!;
    expect(within(eleventh).getByRole('rowheader')).toHaveTextContent('11');
    expect(within(eleventh).getByRole('cell')).toHaveTextContent('loading');
  });
});
