// Per-column statistics gathered at import: nulls, approximate distinct values, min and max.
import { useTranslation } from 'react-i18next';
import type { DatasetColumn } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { formatCell } from './formatCell';
import { TypeBadge } from './TypeBadge';

export function ColumnStatsTable({
  columns,
  rowCount,
}: {
  columns: DatasetColumn[];
  rowCount: number;
}) {
  const { t } = useTranslation('datasets');
  const format = useFormat();
  const bound = (value: DatasetColumn['min'], column: DatasetColumn) =>
    value === null || value === undefined ? '' : formatCell(value, column.type, format.locale);
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th>{t('stats.column')}</th>
          <th className="numeric">{t('stats.nulls')}</th>
          <th className="numeric">{t('stats.distinct')}</th>
          <th>{t('stats.min')}</th>
          <th>{t('stats.max')}</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((column) => (
          <tr key={column.name}>
            <td>
              {column.name} <TypeBadge type={column.type} />
            </td>
            <td className="numeric">
              {t('stats.nullsValue', {
                nulls: format.number(column.nullCount),
                percent: format.number(rowCount > 0 ? column.nullCount / rowCount : 0, {
                  style: 'percent',
                  maximumFractionDigits: 1,
                }),
              })}
            </td>
            <td className="numeric">{format.number(column.distinctEstimate)}</td>
            <td className="stat-value">{bound(column.min, column)}</td>
            <td className="stat-value">{bound(column.max, column)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
