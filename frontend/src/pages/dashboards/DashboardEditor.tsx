// The dashboard's edit mode (owner and editors): title and description, the cards on the
// react-grid-layout grid (drag, resize, keyboard moves, remove), "Add card" (an existing card or
// a new one), and the filter definitions. Save sends only what changed with the version the edit
// started from (PATCH /api/dashboards/{id}); a 409 offers "reload theirs" (discarding these
// changes) or "overwrite with mine". Cancel discards; leaving the page with unsaved changes asks.
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getCard } from '../../api/cards';
import { getDashboard, updateDashboard } from '../../api/dashboards';
import { ConflictError } from '../../api/errors';
import { queryKeys } from '../../api/queryKeys';
import type { Card, Dashboard } from '../../api/types';
import { AddCardDialog } from '../../components/dashboards/AddCardDialog';
import { useDashboardColumns } from '../../components/dashboards/dashboardColumns';
import {
  changedFields,
  draftOf,
  withCardAdded,
  withoutPlacement,
  type DashboardDraft,
} from '../../components/dashboards/dashboardDraft';
import { EditableGrid } from '../../components/dashboards/EditableGrid';
import { FilterEditor } from '../../components/dashboards/FilterEditor';
import { SaveConflictNotice } from '../../components/dashboards/SaveConflictNotice';
import { UnsavedChangesGuard } from '../../components/dashboards/UnsavedChangesGuard';
import { ErrorNotice } from '../../components/errors/ErrorNotice';

export function DashboardEditor({
  dashboard: opened,
  renderBody,
  onClose,
}: {
  dashboard: Dashboard;
  /** The card's last result on the dashboard (or a note that it runs once saved). */
  renderBody: (cardId: string) => ReactNode;
  onClose: () => void;
}) {
  const { t } = useTranslation(['dashboards', 'common']);
  const queryClient = useQueryClient();
  // The dashboard as the edit started: changes and the version are taken against it, so a
  // newer version saved meanwhile is a conflict, never silently merged.
  const [dashboard] = useState(opened);
  const [draft, setDraft] = useState<DashboardDraft>(() => draftOf(dashboard));
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState(false);
  const dashboardId = dashboard.dashboardId;
  const change = changedFields(dashboard, draft);
  const dirty = Object.keys(change).length > 0;

  const cardIds = [...new Set(draft.layout.map((p) => p.cardId))];
  const cardQueries = useQueries({
    queries: cardIds.map((cardId) => ({
      queryKey: queryKeys.card(cardId),
      queryFn: () => getCard(cardId),
    })),
  });
  const cardById = new Map<string, Card>();
  for (const q of cardQueries) if (q.data) cardById.set(q.data.cardId, q.data);
  const placedCards = [...cardById.values()];
  const columns = useDashboardColumns(placedCards);

  const save = useMutation({
    mutationFn: (version: number) => updateDashboard(dashboardId, { ...change, version }),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.dashboard(dashboardId), saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboards });
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboardRun(dashboardId) });
      onClose();
    },
  });
  const conflict = save.error instanceof ConflictError ? save.error : null;

  const trySave = () => {
    if (draft.title.trim() === '') return setProblem(true);
    setProblem(false);
    if (!dirty) return onClose();
    save.mutate(dashboard.version);
  };

  const reloadTheirs = async () => {
    const theirs = await queryClient.fetchQuery({
      queryKey: queryKeys.dashboard(dashboardId),
      queryFn: () => getDashboard(dashboardId),
      staleTime: 0,
    });
    queryClient.setQueryData(queryKeys.dashboard(dashboardId), theirs);
    void queryClient.invalidateQueries({ queryKey: queryKeys.dashboardRun(dashboardId) });
    onClose();
  };

  const titleOf = (cardId: string) =>
    cardById.get(cardId)?.title ?? t('page.untitled', { id: cardId });

  return (
    <section className="page dashboard dashboard--editing" aria-label={t('edit.editing')}>
      <div className="page__header">
        <input
          className="dashboard__title-input"
          aria-label={t('edit.titleLabel')}
          value={draft.title}
          maxLength={200}
          onChange={(e) => setDraft({ ...draft, title: e.target.value })}
        />
        <span className="muted small" role="status">
          {dirty ? t('edit.unsaved') : t('edit.noChanges')}
        </span>
        <button type="button" className="button" onClick={() => setAdding(true)}>
          {t('edit.addCard')}
        </button>
        <button type="button" className="button" disabled={save.isPending} onClick={onClose}>
          {t('edit.cancel')}
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={save.isPending}
          onClick={trySave}
        >
          {save.isPending ? t('edit.saving') : t('edit.save')}
        </button>
      </div>
      <label className="field">
        <span>{t('edit.descriptionLabel')}</span>
        <textarea
          rows={2}
          maxLength={4000}
          value={draft.description}
          onChange={(e) => setDraft({ ...draft, description: e.target.value })}
        />
      </label>
      {problem && (
        <p className="error-box" role="alert">
          {t('edit.titleRequired')}
        </p>
      )}
      {conflict ? (
        <SaveConflictNotice
          conflict={conflict}
          message={(version) => t('edit.conflict', { version })}
          reloadLabel={t('edit.reloadTheirs')}
          overwriteLabel={t('edit.overwrite')}
          busy={save.isPending}
          onReload={() => void reloadTheirs()}
          onOverwrite={(version) => save.mutate(version ?? dashboard.version)}
        />
      ) : (
        save.error && <ErrorNotice error={save.error} />
      )}
      <FilterEditor
        filters={draft.filters}
        columns={columns.columns}
        columnsPending={columns.pending}
        onChange={(filters) => setDraft({ ...draft, filters })}
      />
      {columns.errors.map((error, i) => (
        <ErrorNotice key={i} error={error} />
      ))}
      <EditableGrid
        layout={draft.layout}
        onChange={(layout) => setDraft((d) => ({ ...d, layout }))}
        titleOf={(p) => titleOf(p.cardId)}
        renderBody={(p) => renderBody(p.cardId)}
        onRemove={(p) => setDraft((d) => ({ ...d, layout: withoutPlacement(d.layout, p.key) }))}
      />
      <UnsavedChangesGuard
        when={dirty && !save.isSuccess}
        title={t('edit.leaveTitle')}
        body={t('edit.leaveBody')}
        stayLabel={t('edit.stay')}
        leaveLabel={t('edit.leave')}
      />
      {adding && (
        <AddCardDialog
          placedCardIds={new Set(draft.layout.map((p) => p.cardId))}
          onClose={() => setAdding(false)}
          onAdd={(card) => {
            setDraft((d) => ({ ...d, layout: withCardAdded(d.layout, card.cardId) }));
            setAdding(false);
          }}
        />
      )}
    </section>
  );
}
