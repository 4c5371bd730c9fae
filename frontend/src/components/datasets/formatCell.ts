// How a typed preview value reads in a cell: numbers in the user's locale, dates and
// timestamps as the ISO text the API sends (unambiguous in every language).
import type { CellValue, ColumnType } from '../../api/types';

export function formatCell(value: CellValue, type: ColumnType, locale: string): string {
  if (value === null) return '';
  if (typeof value === 'number' && (type === 'int64' || type === 'float64'))
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 10 }).format(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (type === 'timestamp' && typeof value === 'string') return value.replace('T', ' ');
  return String(value);
}
