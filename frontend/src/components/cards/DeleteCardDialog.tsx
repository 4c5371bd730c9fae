// Asks before a card is deleted, then deletes it (with the version the user saw: a card changed
// meanwhile answers 409 and is not deleted).
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { deleteCard } from '../../api/cards';
import type { Card } from '../../api/types';
import { Dialog } from '../Dialog';
import { ErrorNotice } from '../errors/ErrorNotice';

interface Props {
  card: Card;
  onClose: () => void;
  onDeleted: () => void;
}

export function DeleteCardDialog({ card, onClose, onDeleted }: Props) {
  const { t } = useTranslation(['cards', 'common']);
  const remove = useMutation({
    mutationFn: () => deleteCard(card.cardId, card.version),
    onSuccess: onDeleted,
  });
  return (
    <Dialog
      title={t('delete.title', { title: card.title })}
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
      <p>{t('delete.body')}</p>
      {remove.error && <ErrorNotice error={remove.error} />}
    </Dialog>
  );
}
