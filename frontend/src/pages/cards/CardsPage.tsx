// The cards list: the user's own cards (newest first), then read-only ones on dashboards shared
// with them, with their dataset and last change; open, create, delete (after confirmation).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listCards } from '../../api/cards';
import { queryKeys } from '../../api/queryKeys';
import type { Card } from '../../api/types';
import { DeleteCardDialog } from '../../components/cards/DeleteCardDialog';
import { useDatasetNames } from '../../components/cards/useDatasetNames';
import { ErrorNotice } from '../../components/errors/ErrorNotice';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFormat } from '../../i18n/format';

export function CardsPage() {
  const { t } = useTranslation(['cards', 'common']);
  const format = useFormat();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState<Card | null>(null);
  useDocumentTitle(t('title'));
  const list = useQuery({ queryKey: queryKeys.cards, queryFn: listCards });
  const cards = list.data?.items ?? [];
  const datasetNames = useDatasetNames(cards.map((card) => card.datasetId));

  return (
    <section className="page">
      <div className="page__header">
        <h1>{t('title')}</h1>
        <Link to="/cards/new" className="button button--primary">
          {t('list.newCard')}
        </Link>
      </div>
      {list.isPending && <p className="muted">{t('common:state.loading')}</p>}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && cards.length === 0 && <p className="muted">{t('list.empty')}</p>}
      {cards.length > 0 && (
        <table className="data-table cards-list">
          <thead>
            <tr>
              <th>{t('list.columns.title')}</th>
              <th>{t('list.columns.dataset')}</th>
              <th>{t('list.columns.updated')}</th>
              <th>
                <span className="visually-hidden">{t('list.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {cards.map((card) => {
              const datasetName = datasetNames.get(card.datasetId);
              return (
                <tr key={card.cardId}>
                  <td>
                    <Link to={`/cards/${encodeURIComponent(card.cardId)}`}>{card.title}</Link>
                    {card.readOnly && (
                      <span className="badge" title={t('list.readOnlyHint')}>
                        {t('list.readOnly')}
                      </span>
                    )}
                    {card.description && <div className="muted small">{card.description}</div>}
                  </td>
                  <td>
                    {datasetName === null ? (
                      <span className="muted">{t('list.datasetGone')}</span>
                    ) : card.readOnly || datasetName === undefined ? (
                      (datasetName ?? <span className="muted">{card.datasetId}</span>)
                    ) : (
                      <Link to={`/datasets/${encodeURIComponent(card.datasetId)}`}>
                        {datasetName}
                      </Link>
                    )}
                  </td>
                  <td>{format.dateTime(card.updatedAt)}</td>
                  <td className="cards-list__actions">
                    {!card.readOnly && (
                      <button
                        type="button"
                        className="button button--danger"
                        aria-label={`${t('common:action.delete')}: ${card.title}`}
                        onClick={() => setDeleting(card)}
                      >
                        {t('common:action.delete')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {deleting && (
        <DeleteCardDialog
          card={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            queryClient.removeQueries({ queryKey: queryKeys.card(deleting.cardId) });
            void queryClient.invalidateQueries({ queryKey: queryKeys.cards });
            setDeleting(null);
          }}
        />
      )}
    </section>
  );
}
