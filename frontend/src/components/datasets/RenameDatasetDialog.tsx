// Rename or describe a dataset. The change carries the version it was based on; if someone
// changed the dataset meanwhile (409), the user chooses: overwrite theirs, or reload and see.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { updateDataset } from '../../api/datasets';
import { ConflictError } from '../../api/errors';
import { queryKeys } from '../../api/queryKeys';
import type { Dataset } from '../../api/types';
import { Dialog } from '../Dialog';
import { ErrorNotice } from '../errors/ErrorNotice';

interface Props {
  dataset: Dataset;
  onClose: () => void;
  onSaved: (dataset: Dataset) => void;
  /** Reload the dataset (after a conflict, to see the other change). */
  onReload: () => void;
}

export function RenameDatasetDialog({ dataset, onClose, onSaved, onReload }: Props) {
  const { t } = useTranslation(['datasets', 'common']);
  const queryClient = useQueryClient();
  const [name, setName] = useState(dataset.name);
  const [description, setDescription] = useState(dataset.description);
  // Only what the user changed is sent, so overwriting after a conflict keeps the other
  // person's change to the field this user left alone.
  const change = {
    ...(name.trim() !== dataset.name ? { name: name.trim() } : {}),
    ...(description !== dataset.description ? { description } : {}),
  };
  const unchanged = Object.keys(change).length === 0;
  const save = useMutation({
    mutationFn: (version: number) => updateDataset(dataset.datasetId, { ...change, version }),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.dataset(saved.datasetId), saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.datasets });
      onSaved(saved);
    },
  });
  const conflict = save.error instanceof ConflictError ? save.error : null;

  return (
    <Dialog
      title={t('rename.title')}
      onClose={onClose}
      busy={save.isPending}
      footer={
        conflict ? (
          <>
            <button type="button" className="button" onClick={onReload}>
              {t('rename.reload')}
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={save.isPending}
              onClick={() => save.mutate(conflict.currentVersion ?? dataset.version)}
            >
              {t('rename.overwrite')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose}>
              {t('common:action.cancel')}
            </button>
            <button
              type="submit"
              form="rename-dataset"
              className="button button--primary"
              disabled={save.isPending || name.trim() === ''}
            >
              {t('common:action.save')}
            </button>
          </>
        )
      }
    >
      <form
        id="rename-dataset"
        onSubmit={(event) => {
          event.preventDefault();
          if (unchanged) onClose();
          else save.mutate(dataset.version);
        }}
      >
        <label className="field">
          <span>{t('rename.name')}</span>
          <input
            value={name}
            required
            maxLength={200}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('rename.description')}</span>
          <textarea
            value={description}
            rows={3}
            onChange={(event) => setDescription(event.target.value)}
          />
        </label>
      </form>
      {conflict ? (
        <p className="error-box" role="alert">
          {t('rename.conflict', { version: conflict.currentVersion ?? '?' })}
        </p>
      ) : (
        save.error && <ErrorNotice error={save.error} />
      )}
    </Dialog>
  );
}
