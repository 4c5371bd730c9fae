// One value of a grid's row: numbers right-aligned in the user's locale, null marked as such,
// the full text in the tooltip.
import type { CellValue, ColumnType } from '../../api/types';
import { formatCell } from '../datasets/formatCell';

interface Props {
  columnIndex: number;
  value: CellValue;
  type: ColumnType;
  locale: string;
}

export function ValueCell({ columnIndex, value, type, locale }: Props) {
  const numeric = type === 'int64' || type === 'float64';
  const text = formatCell(value, type, locale);
  return (
    <div
      role="cell"
      aria-colindex={columnIndex + 2}
      className={`preview__cell${numeric ? ' numeric' : ''}${value === null ? ' preview__cell--null' : ''}`}
      title={text}
    >
      {value === null ? 'null' : text}
    </div>
  );
}
