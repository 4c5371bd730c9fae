// The dashboards list: the user's own dashboards, then those shared with them (directly or
// through a group), each with the user's permission, its number of cards and last change.
// "New dashboard" creates one and opens it in edit mode (router state `{ edit: true }`).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { listDashboards } from '../../api/dashboards';
import { queryKeys } from '../../api/queryKeys';
import type { Dashboard } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorNotice } from '../../components/errors/ErrorNotice';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFormat } from '../../i18n/format';
import { NewDashboardDialog } from './NewDashboardDialog';
import { PermissionBadge } from '../../components/dashboards/PermissionBadge';

export function DashboardsPage() {
  const { t } = useTranslation(['dashboards', 'common']);
  const session = useSession();
  useDocumentTitle(t('title'));
  const list = useQuery({ queryKey: queryKeys.dashboards, queryFn: listDashboards });
  const items = list.data?.items ?? [];
  const me = session?.user.userId;
  const mine = items.filter((d) => d.ownerId === me);
  const shared = items.filter((d) => d.ownerId !== me);
  const [creating, setCreating] = useState(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const openCreated = (created: Dashboard) => {
    queryClient.setQueryData(queryKeys.dashboard(created.dashboardId), created);
    void queryClient.invalidateQueries({ queryKey: queryKeys.dashboards });
    void navigate(`/dashboards/${encodeURIComponent(created.dashboardId)}`, {
      state: { edit: true },
    });
  };

  return (
    <section className="page">
      <div className="page__header">
        <h1>{t('title')}</h1>
        <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
          {t('create.open')}
        </button>
      </div>
      {list.isPending && <p className="muted">{t('common:state.loading')}</p>}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && (
        <>
          <DashboardTable heading={t('list.mine')} empty={t('list.emptyMine')} items={mine} />
          <DashboardTable heading={t('list.shared')} empty={t('list.emptyShared')} items={shared} />
        </>
      )}
      {creating && (
        <NewDashboardDialog onClose={() => setCreating(false)} onCreated={openCreated} />
      )}
    </section>
  );
}

function DashboardTable({
  heading,
  empty,
  items,
}: {
  heading: string;
  empty: string;
  items: Dashboard[];
}) {
  const { t } = useTranslation('dashboards');
  const format = useFormat();
  return (
    <section className="dashboards-list" aria-label={heading}>
      <h2>{heading}</h2>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('list.columns.title')}</th>
              <th>{t('list.columns.cards')}</th>
              <th>{t('list.columns.permission')}</th>
              <th>{t('list.columns.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.dashboardId}>
                <td>
                  <Link to={`/dashboards/${encodeURIComponent(d.dashboardId)}`}>{d.title}</Link>
                  {d.description && <div className="muted small">{d.description}</div>}
                </td>
                <td>{t('list.cardCount', { count: d.layout.length })}</td>
                <td>
                  <PermissionBadge permission={d.permission} />
                </td>
                <td>{format.dateTime(d.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
