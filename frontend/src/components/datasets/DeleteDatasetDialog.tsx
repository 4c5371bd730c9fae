// Asks before a dataset is deleted, then deletes it (with the version the user saw).
import { useTranslation } from 'react-i18next';
import { deleteDataset } from '../../api/datasets';
import type { Dataset } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { ConfirmDeleteDialog } from '../ConfirmDeleteDialog';

interface Props {
  dataset: Dataset;
  onClose: () => void;
  onDeleted: () => void;
}

export function DeleteDatasetDialog({ dataset, onClose, onDeleted }: Props) {
  const { t } = useTranslation('datasets');
  const format = useFormat();
  return (
    <ConfirmDeleteDialog
      title={t('delete.title', { name: dataset.name })}
      body={t('delete.body', { rows: format.number(dataset.rowCount) })}
      confirmLabel={t('delete.confirm')}
      remove={() => deleteDataset(dataset.datasetId, dataset.version)}
      onClose={onClose}
      onDeleted={onDeleted}
    />
  );
}
