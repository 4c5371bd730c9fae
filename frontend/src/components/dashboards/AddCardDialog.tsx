// Edit mode's "Add card": pick one of my cards (GET /api/cards; cards shared with me through
// dashboards may be placed too and are marked), or create a new card on a dataset and place it.
// A new card starts with the card editor's starter code; its code is written in the editor.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createCard, listCards } from '../../api/cards';
import { listDatasets } from '../../api/datasets';
import { queryKeys } from '../../api/queryKeys';
import type { Card } from '../../api/types';
import { Dialog } from '../Dialog';
import { ErrorNotice } from '../errors/ErrorNotice';

export function AddCardDialog({
  placedCardIds,
  onAdd,
  onClose,
}: {
  placedCardIds: Set<string>;
  onAdd: (card: Card, created: boolean) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation(['dashboards', 'cards', 'common']);
  const queryClient = useQueryClient();
  const id = useId();
  const [search, setSearch] = useState('');
  const [title, setTitle] = useState('');
  const [datasetId, setDatasetId] = useState('');
  const cards = useQuery({ queryKey: queryKeys.cards, queryFn: listCards });
  const datasets = useQuery({
    // The newest 100 (a prefix of queryKeys.datasets, so an upload refreshes it).
    queryKey: [...queryKeys.datasets, 'new-card-picker'],
    queryFn: () => listDatasets(null, { limit: 100 }),
  });
  const create = useMutation({
    mutationFn: () =>
      createCard({
        title: title.trim(),
        description: '',
        datasetId: datasetId || (datasets.data?.items[0]?.datasetId ?? ''),
        code: t('cards:editor.starterCode'),
        display: {},
      }),
    onSuccess: (card) => {
      queryClient.setQueryData(queryKeys.card(card.cardId), card);
      void queryClient.invalidateQueries({ queryKey: queryKeys.cards });
      onAdd(card, true);
    },
  });

  const needle = search.trim().toLowerCase();
  const items = (cards.data?.items ?? []).filter(
    (card) => needle === '' || card.title.toLowerCase().includes(needle),
  );
  const datasetChoices = datasets.data?.items ?? [];
  const chosenDataset = datasetId || (datasetChoices[0]?.datasetId ?? '');

  return (
    <Dialog
      title={t('addCard.title')}
      onClose={onClose}
      busy={create.isPending}
      wide
      footer={
        <button type="button" className="button" onClick={onClose}>
          {t('common:action.close')}
        </button>
      }
    >
      <section aria-labelledby={`${id}-existing`}>
        <h3 id={`${id}-existing`}>{t('addCard.existing')}</h3>
        <label className="field">
          <span>{t('addCard.search')}</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        {cards.isPending && <p className="muted">{t('common:state.loading')}</p>}
        {cards.isError && <ErrorNotice error={cards.error} onRetry={() => void cards.refetch()} />}
        {cards.isSuccess && cards.data.items.length === 0 && (
          <p className="muted">{t('addCard.noCards')}</p>
        )}
        {cards.isSuccess && cards.data.items.length > 0 && items.length === 0 && (
          <p className="muted">{t('addCard.none')}</p>
        )}
        <ul className="add-card__list">
          {items.map((card) => (
            <li key={card.cardId} className="add-card__item">
              <span className="add-card__title">
                {card.title} {card.readOnly && <span className="badge">{t('addCard.shared')}</span>}{' '}
                {placedCardIds.has(card.cardId) && (
                  <span className="muted small">{t('addCard.placed')}</span>
                )}
              </span>
              <button
                type="button"
                className="button"
                aria-label={t('addCard.addNamed', { title: card.title })}
                onClick={() => onAdd(card, false)}
              >
                {t('addCard.add')}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby={`${id}-new`}>
        <h3 id={`${id}-new`}>{t('addCard.newCard')}</h3>
        <form
          className="add-card__new"
          onSubmit={(event) => {
            event.preventDefault();
            if (title.trim() !== '' && chosenDataset !== '') create.mutate();
          }}
        >
          <label className="field">
            <span>{t('addCard.newTitle')}</span>
            <input
              value={title}
              required
              maxLength={200}
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
          <label className="field">
            <span>{t('addCard.dataset')}</span>
            <select value={chosenDataset} onChange={(e) => setDatasetId(e.target.value)}>
              {chosenDataset === '' && <option value="">{t('addCard.chooseDataset')}</option>}
              {datasetChoices.map((dataset) => (
                <option key={dataset.datasetId} value={dataset.datasetId}>
                  {dataset.name}
                </option>
              ))}
            </select>
          </label>
          {datasets.isSuccess && datasetChoices.length === 0 && (
            <p className="muted small">{t('addCard.noDatasets')}</p>
          )}
          {datasets.isError && <ErrorNotice error={datasets.error} />}
          <button
            type="submit"
            className="button button--primary"
            disabled={create.isPending || title.trim() === '' || chosenDataset === ''}
          >
            {create.isPending ? t('addCard.creating') : t('addCard.create')}
          </button>
          <p className="muted small">{t('addCard.createdHint')}</p>
          {create.error && <ErrorNotice error={create.error} />}
        </form>
      </section>
    </Dialog>
  );
}
