// "Delete" on a dashboard's header: asks, deletes it (DELETE /api/dashboards/{id} with the version
// shown, so a newer one is a 409 in the dialog), forgets it in the cache and goes back to the
// list. Like Share, only the owner and administrators may; for others it renders nothing.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { deleteDashboard } from '../../api/dashboards';
import { queryKeys } from '../../api/queryKeys';
import type { Dashboard } from '../../api/types';
import { useSession } from '../../auth/session';
import { ConfirmDeleteDialog } from '../ConfirmDeleteDialog';

export function DeleteDashboardButton({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation(['dashboards', 'common']);
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const mayDelete = dashboard.permission === 'owner' || session?.user.role === 'admin';
  if (!mayDelete) return null;
  const deleted = () => {
    queryClient.removeQueries({ queryKey: queryKeys.dashboard(dashboard.dashboardId) });
    queryClient.removeQueries({ queryKey: queryKeys.dashboardRun(dashboard.dashboardId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.dashboards });
    void navigate('/dashboards');
  };
  return (
    <>
      <button
        type="button"
        className="button button--danger"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        {t('remove.open')}
      </button>
      {open && (
        <ConfirmDeleteDialog
          title={t('remove.title')}
          body={t('remove.body', { title: dashboard.title })}
          confirmLabel={t('common:action.delete')}
          remove={() => deleteDashboard(dashboard.dashboardId, dashboard.version)}
          onClose={() => setOpen(false)}
          onDeleted={deleted}
        />
      )}
    </>
  );
}
