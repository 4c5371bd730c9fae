// Asks before something is deleted, then deletes it; a failure (a 409 when it changed
// meanwhile, ...) stays in the dialog.
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { ErrorNotice } from './errors/ErrorNotice';

interface Props {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /** The deletion itself (an API call). */
  remove: () => Promise<unknown>;
  onClose: () => void;
  onDeleted: () => void;
}

export function ConfirmDeleteDialog({
  title,
  body,
  confirmLabel,
  remove,
  onClose,
  onDeleted,
}: Props) {
  const { t } = useTranslation('common');
  const deletion = useMutation({ mutationFn: remove, onSuccess: onDeleted });
  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={deletion.isPending}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button
            type="button"
            className="button button--danger button--primary"
            disabled={deletion.isPending}
            onClick={() => deletion.mutate()}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <p>{body}</p>
      {deletion.error && <ErrorNotice error={deletion.error} />}
    </Dialog>
  );
}
