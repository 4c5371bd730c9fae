// The side panel's list of the dataset's columns with their types; a click inserts the name at
// the editor's cursor.
import { useTranslation } from 'react-i18next';
import type { DatasetColumn } from '../../api/types';
import { TypeBadge } from '../datasets/TypeBadge';

interface Props {
  columns: DatasetColumn[] | undefined;
  onInsert: ((name: string) => void) | null;
}

export function DatasetColumns({ columns, onInsert }: Props) {
  const { t } = useTranslation('cards');
  return (
    <section className="dataset-columns" aria-labelledby="dataset-columns-title">
      <h2 id="dataset-columns-title">{t('editor.columns')}</h2>
      {!columns ? (
        <p className="muted small">{t('editor.noColumns')}</p>
      ) : (
        <>
          {onInsert && <p className="muted small">{t('editor.columnsHint')}</p>}
          <ul className="dataset-columns__list">
            {columns.map((column) => (
              <li key={column.name}>
                <button
                  type="button"
                  className="dataset-columns__name"
                  disabled={!onInsert}
                  title={t('editor.insertColumn', { name: column.name })}
                  onClick={() => onInsert?.(column.name)}
                >
                  {column.name}
                </button>
                <TypeBadge type={column.type} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
