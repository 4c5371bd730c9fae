// The filter bar's filter views: a menu of the dashboard's shared views and the user's own
// (GET /api/dashboards/{id}/filter-views); picking one applies its values (into the address,
// like any filter change). The current values can be saved as a new view, private or shared
// with the dashboard's viewers; the chosen view can be renamed, re-shared or deleted by its
// author and the dashboard's owner (administrators count as owners). The API's refusals show.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createFilterView,
  deleteFilterView,
  listFilterViews,
  updateFilterView,
} from '../../api/filterViews';
import { queryKeys } from '../../api/queryKeys';
import type { Dashboard, FilterValues, FilterView } from '../../api/types';
import { ConfirmDeleteDialog } from '../ConfirmDeleteDialog';
import { sameValues, valuesOfView } from './filterState';
import { Dialog } from '../Dialog';
import { ErrorNotice } from '../errors/ErrorNotice';

export function FilterViewsMenu({
  dashboard,
  userId,
  values,
  onApply,
}: {
  dashboard: Dashboard;
  userId: string | undefined;
  values: FilterValues;
  onApply: (values: FilterValues) => void;
}) {
  const { t } = useTranslation(['dashboards', 'common']);
  const queryClient = useQueryClient();
  const dashboardId = dashboard.dashboardId;
  const views = useQuery({
    queryKey: queryKeys.filterViews(dashboardId),
    queryFn: () => listFilterViews(dashboardId),
  });
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'save' | 'rename' | 'delete' | null>(null);
  const items = views.data?.items ?? [];
  // The view on show: the one picked last while the values are still its own, else the first
  // whose values are the current ones.
  const matches = (view: FilterView) => sameValues(valuesOfView(dashboard, view), values);
  const chosen = items.find((v) => v.filterViewId === chosenId && matches(v));
  const current = chosen ?? items.find(matches);
  const mayChange =
    current !== undefined && (current.ownerId === userId || dashboard.permission === 'owner');
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: queryKeys.filterViews(dashboardId) });

  return (
    <div className="filter-views">
      <label className="filter-bar__bound">
        <span className="small">{t('views.label')}</span>
        <select
          className="filter-bar__input filter-views__select"
          value={current?.filterViewId ?? ''}
          aria-busy={views.isFetching}
          onChange={(e) => {
            const view = items.find((v) => v.filterViewId === e.target.value);
            if (!view) return;
            setChosenId(view.filterViewId);
            onApply(valuesOfView(dashboard, view));
          }}
        >
          <option value="">{items.length === 0 ? t('views.choose') : t('views.custom')}</option>
          {items.map((view) => (
            <option key={view.filterViewId} value={view.filterViewId}>
              {t(view.shared ? 'views.shared' : 'views.private', { name: view.name })}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button" onClick={() => setDialog('save')}>
        {t('views.saveAs')}
      </button>
      {mayChange && (
        <>
          <button type="button" className="button" onClick={() => setDialog('rename')}>
            {t('views.rename')}
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={() => setDialog('delete')}
          >
            {t('views.delete')}
          </button>
        </>
      )}
      {views.isError && <ErrorNotice error={views.error} onRetry={() => void views.refetch()} />}
      {dialog === 'save' && (
        <ViewDialog
          title={t('views.saveTitle')}
          initial={{ name: '', shared: false }}
          save={(form) => createFilterView(dashboardId, { ...form, values })}
          onClose={() => setDialog(null)}
          onSaved={(view) => {
            setChosenId(view.filterViewId);
            setDialog(null);
            void refresh();
          }}
        />
      )}
      {dialog === 'rename' && current && (
        <ViewDialog
          title={t('views.renameTitle')}
          initial={{ name: current.name, shared: current.shared }}
          save={(form) =>
            updateFilterView(current.filterViewId, { ...form, version: current.version })
          }
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            void refresh();
          }}
        />
      )}
      {dialog === 'delete' && current && (
        <ConfirmDeleteDialog
          title={t('views.deleteTitle')}
          body={t('views.deleteBody', { name: current.name })}
          confirmLabel={t('common:action.delete')}
          remove={() => deleteFilterView(current.filterViewId, current.version)}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            setDialog(null);
            void refresh();
          }}
        />
      )}
    </div>
  );
}

function ViewDialog({
  title,
  initial,
  save,
  onClose,
  onSaved,
}: {
  title: string;
  initial: { name: string; shared: boolean };
  save: (form: { name: string; shared: boolean }) => Promise<FilterView>;
  onClose: () => void;
  onSaved: (view: FilterView) => void;
}) {
  const { t } = useTranslation(['dashboards', 'common']);
  const [name, setName] = useState(initial.name);
  const [shared, setShared] = useState(initial.shared);
  const mutation = useMutation({ mutationFn: save, onSuccess: onSaved });
  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={mutation.isPending}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common:action.cancel')}
          </button>
          <button
            type="submit"
            form="filter-view-form"
            className="button button--primary"
            disabled={mutation.isPending || name.trim() === ''}
          >
            {t('common:action.save')}
          </button>
        </>
      }
    >
      <form
        id="filter-view-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim() !== '') mutation.mutate({ name: name.trim(), shared });
        }}
      >
        <label className="field">
          <span>{t('views.name')}</span>
          <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field field--inline">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
          <span>{t('views.shareWithViewers')}</span>
        </label>
      </form>
      {mutation.error && <ErrorNotice error={mutation.error} />}
    </Dialog>
  );
}
