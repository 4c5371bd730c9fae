// A card's table result on the client: how a pandas dtype is formatted, and sorting (at most
// 10,000 rows arrive): numbers by value, text in the reader's language's order (numbers inside
// text by value), nulls always last.
import type { ColumnType } from '../../api/types';

/** The dataset type whose formatting fits a pandas dtype. */
export function typeOfDtype(dtype: string): ColumnType {
  const d = dtype.toLowerCase();
  if (/^u?int\d*$/.test(d)) return 'int64';
  if (/^float\d*$/.test(d)) return 'float64';
  if (d === 'bool' || d === 'boolean') return 'bool';
  if (d.startsWith('datetime64')) return 'timestamp';
  return 'string';
}

export type SortDirection = 'ascending' | 'descending';
export interface SortOrder {
  column: number;
  direction: SortDirection;
}

/** Header clicks cycle: ascending, descending, unsorted. */
export function nextSort(current: SortOrder | null, column: number): SortOrder | null {
  if (current?.column !== column) return { column, direction: 'ascending' };
  return current.direction === 'ascending' ? { column, direction: 'descending' } : null;
}

/** Row indexes in display order (the rows themselves are not copied). */
export function sortedIndexes(rows: unknown[][], order: SortOrder | null, locale: string) {
  const indexes = rows.map((_, i) => i);
  if (!order) return indexes;
  const collator = new Intl.Collator(locale, { numeric: true });
  const sign = order.direction === 'ascending' ? 1 : -1;
  const compare = (a: unknown, b: unknown): number => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
    return collator.compare(String(a), String(b));
  };
  indexes.sort((i, j) => {
    const a = rows[i]![order.column] ?? null;
    const b = rows[j]![order.column] ?? null;
    if (a === null || b === null) return a === b ? i - j : a === null ? 1 : -1;
    return sign * compare(a, b) || i - j;
  });
  return indexes;
}
