// /shared: dashboards other people shared with me, directly or through a group, with their
// owner, my permission and the last change; each links to the dashboard. Owners are named
// through the directory (any signed-in user may name an active user), one read per owner.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getDirectoryUser, listSharedWithMe, shareKeys } from '../../api/shares';
import { ErrorNotice } from '../../components/errors/ErrorNotice';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFormat } from '../../i18n/format';
import '../../styles/admin.css';
import { PermissionBadge } from '../../components/dashboards/PermissionBadge';

export function SharedWithMePage() {
  const { t } = useTranslation(['sharing', 'common']);
  useDocumentTitle(t('shared.title'));
  const format = useFormat();
  const list = useQuery({ queryKey: shareKeys.sharedWithMe, queryFn: listSharedWithMe });
  const items = list.data?.items ?? [];

  return (
    <section className="page">
      <div className="page__header">
        <h1>{t('shared.title')}</h1>
      </div>
      <p className="muted">{t('shared.intro')}</p>
      {list.isPending && <p className="muted">{t('common:state.loading')}</p>}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && items.length === 0 && <p className="muted">{t('shared.empty')}</p>}
      {items.length > 0 && (
        <div className="admin-table">
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('shared.columns.title')}</th>
                <th>{t('shared.columns.owner')}</th>
                <th>{t('shared.columns.permission')}</th>
                <th>{t('shared.columns.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.dashboardId}>
                  <td>
                    <Link to={`/dashboards/${encodeURIComponent(d.dashboardId)}`}>{d.title}</Link>
                    {d.description && <div className="muted small">{d.description}</div>}
                  </td>
                  <td>
                    <OwnerName userId={d.ownerId} />
                  </td>
                  <td>
                    <PermissionBadge permission={d.permission} />
                  </td>
                  <td>{format.dateTime(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The owner's name (email as a hint), or their id when they are disabled or gone. */
function OwnerName({ userId }: { userId: string }) {
  const { t } = useTranslation('sharing');
  const owner = useQuery({
    queryKey: shareKeys.directoryUser(userId),
    queryFn: () => getDirectoryUser(userId),
    staleTime: 5 * 60_000,
  });
  if (owner.isSuccess) return <span title={owner.data.email}>{owner.data.name}</span>;
  if (owner.isError)
    return <span className="muted">{t('shared.unknownOwner', { id: userId })}</span>;
  return <span className="muted">…</span>;
}
