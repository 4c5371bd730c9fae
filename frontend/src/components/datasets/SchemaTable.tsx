// The dataset's columns with their types as badges, whether nulls occurred, and for
// timestamps whether they are UTC instants or wall-clock times.
import { useTranslation } from 'react-i18next';
import type { DatasetColumn } from '../../api/types';
import { TypeBadge } from './TypeBadge';

export function SchemaTable({ columns }: { columns: DatasetColumn[] }) {
  const { t } = useTranslation('datasets');
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th className="numeric">#</th>
          <th>{t('schema.column')}</th>
          <th>{t('schema.type')}</th>
          <th>{t('schema.nullable')}</th>
          <th>{t('schema.timezone')}</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((column, index) => (
          <tr key={column.name}>
            <td className="numeric muted">{index + 1}</td>
            <td>{column.name}</td>
            <td>
              <TypeBadge type={column.type} />{' '}
              <span className="muted">{t(`types.${column.type}`)}</span>
            </td>
            <td>{column.nullable ? t('schema.yes') : t('schema.no')}</td>
            <td>
              {column.type === 'timestamp'
                ? column.timezone
                  ? t('schema.utc')
                  : t('schema.wallClock')
                : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
