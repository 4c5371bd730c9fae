// "Share" on a dashboard: opens the share dialog. Only the dashboard's owner and administrators
// manage shares (the API answers 403 to anyone else), so for others it renders nothing.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../api/types';
import { useSession } from '../../auth/session';
import '../../styles/admin.css';
import { ShareDialog } from './ShareDialog';

export function ShareButton({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation('sharing');
  const session = useSession();
  const [open, setOpen] = useState(false);
  const mayShare = dashboard.permission === 'owner' || session?.user.role === 'admin';
  if (!mayShare) return null;
  return (
    <>
      <button type="button" className="button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {t('button')}
      </button>
      {open && (
        <ShareDialog
          dashboardId={dashboard.dashboardId}
          title={dashboard.title}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
