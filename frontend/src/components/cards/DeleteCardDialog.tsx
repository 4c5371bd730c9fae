// Asks before a card is deleted, then deletes it (with the version the user saw: a card changed
// meanwhile answers 409 and is not deleted).
import { useTranslation } from 'react-i18next';
import { deleteCard } from '../../api/cards';
import type { Card } from '../../api/types';
import { ConfirmDeleteDialog } from '../ConfirmDeleteDialog';

interface Props {
  card: Card;
  onClose: () => void;
  onDeleted: () => void;
}

export function DeleteCardDialog({ card, onClose, onDeleted }: Props) {
  const { t } = useTranslation('cards');
  return (
    <ConfirmDeleteDialog
      title={t('delete.title', { title: card.title })}
      body={t('delete.body')}
      confirmLabel={t('delete.confirm')}
      remove={() => deleteCard(card.cardId, card.version)}
      onClose={onClose}
      onDeleted={onDeleted}
    />
  );
}
