// Rows and columns of a grid, both virtualised: only the rows and columns on screen (plus a
// few) are in the DOM, so a wide or long table (hundreds of columns, a million rows) costs no
// more than a small one. The row-number column stays in place (sticky) at the left.
import { useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import { useRef, type RefObject } from 'react';

export interface VirtualGridSize {
  rowCount: number;
  columnCount: number;
  rowHeight: number;
  /** Width of the row-number column. */
  numberWidth: number;
  columnWidth: number;
  /** Height of the viewport until the element is measured (and in tests, where nothing is). */
  initialHeight: number;
}

/** Where the rows and columns on screen go (the scrolling element is the one given scrollRef). */
export interface VirtualGridLayout {
  rowCount: number;
  columnCount: number;
  rowHeight: number;
  /** The rows on screen (plus a few). */
  rows: VirtualItem[];
  /** The columns on screen (plus a few). */
  columns: VirtualItem[];
  /** Height of all the rows. */
  height: number;
  /** Width of the row-number column and all the columns. */
  width: number;
  /** CSS grid columns of a row: row number, a spacer as wide as the columns scrolled past,
   * then the columns on screen. */
  template: string;
}

export function useVirtualGrid({
  rowCount,
  columnCount,
  rowHeight,
  numberWidth,
  columnWidth,
  initialHeight,
}: VirtualGridSize): {
  scrollRef: RefObject<HTMLDivElement | null>;
  layout: VirtualGridLayout;
} {
  const scrollRef = useRef<HTMLDivElement>(null);
  // No React Compiler here, so the virtualizers' fresh functions each render are fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rowVirtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    initialRect: { width: 1000, height: initialHeight },
  });
  const columnVirtualizer = useVirtualizer({
    horizontal: true,
    count: columnCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => columnWidth,
    paddingStart: numberWidth, // the row-number column stays in place (sticky)
    overscan: 4,
    initialRect: { width: 1000, height: initialHeight },
  });
  const rows = rowVirtualizer.getVirtualItems();
  const columns = columnVirtualizer.getVirtualItems();
  const skipped = (columns[0]?.start ?? numberWidth) - numberWidth;
  return {
    scrollRef,
    layout: {
      rowCount,
      columnCount,
      rowHeight,
      rows,
      columns,
      height: rowVirtualizer.getTotalSize(),
      width: numberWidth + columnCount * columnWidth,
      template: `${numberWidth}px ${skipped}px repeat(${columns.length}, ${columnWidth}px)`,
    },
  };
}
