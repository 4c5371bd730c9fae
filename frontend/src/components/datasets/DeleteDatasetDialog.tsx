// Asks before a dataset is deleted, then deletes it (with the version the user saw).
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { deleteDataset } from '../../api/datasets';
import type { Dataset } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { Dialog } from '../Dialog';
import { ErrorNotice } from '../errors/ErrorNotice';

interface Props {
  dataset: Dataset;
  onClose: () => void;
  onDeleted: () => void;
}

export function DeleteDatasetDialog({ dataset, onClose, onDeleted }: Props) {
  const { t } = useTranslation(['datasets', 'common']);
  const format = useFormat();
  const remove = useMutation({
    mutationFn: () => deleteDataset(dataset.datasetId, dataset.version),
    onSuccess: onDeleted,
  });
  return (
    <Dialog
      title={t('delete.title', { name: dataset.name })}
      onClose={onClose}
      busy={remove.isPending}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common:action.cancel')}
          </button>
          <button
            type="button"
            className="button button--danger button--primary"
            disabled={remove.isPending}
            onClick={() => remove.mutate()}
          >
            {t('delete.confirm')}
          </button>
        </>
      }
    >
      <p>{t('delete.body', { rows: format.number(dataset.rowCount) })}</p>
      {remove.error && <ErrorNotice error={remove.error} />}
    </Dialog>
  );
}
