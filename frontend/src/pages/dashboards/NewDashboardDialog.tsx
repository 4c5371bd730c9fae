// Creates a dashboard (title required, description optional) through POST /api/dashboards; the
// caller then opens it in edit mode to add cards. The API's refusal (a title over the limit, ...)
// stays in the dialog so the user can correct it.
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createDashboard } from '../../api/dashboards';
import type { Dashboard } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/errors/ErrorNotice';

interface Props {
  onClose: () => void;
  onCreated: (dashboard: Dashboard) => void;
}

export function NewDashboardDialog({ onClose, onCreated }: Props) {
  const { t } = useTranslation(['dashboards', 'common']);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const formId = useId();
  const creation = useMutation({
    mutationFn: () => {
      const text = description.trim();
      return createDashboard(
        text ? { title: title.trim(), description: text } : { title: title.trim() },
      );
    },
    onSuccess: onCreated,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() !== '') creation.mutate();
  };
  return (
    <Dialog
      title={t('create.title')}
      onClose={onClose}
      busy={creation.isPending}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common:action.cancel')}
          </button>
          <button
            type="submit"
            form={formId}
            className="button button--primary"
            disabled={creation.isPending || title.trim() === ''}
          >
            {creation.isPending ? t('create.submitting') : t('create.submit')}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit}>
        <label className="field">
          <span>{t('edit.titleLabel')}</span>
          <input
            required
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('edit.descriptionLabel')}</span>
          <textarea
            rows={3}
            maxLength={4000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
      </form>
      {creation.error && <ErrorNotice error={creation.error} />}
    </Dialog>
  );
}
