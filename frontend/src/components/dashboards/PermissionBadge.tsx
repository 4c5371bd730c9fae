// The caller's permission on a dashboard as a coloured badge (owner, can edit, can view), as the
// dashboards list, a dashboard's header and "shared with me" show it.
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../api/types';

export function PermissionBadge({ permission }: { permission: Dashboard['permission'] }) {
  const { t } = useTranslation('dashboards');
  return (
    <span className={`badge permission-badge permission-badge--${permission}`}>
      {t(`permission.${permission}`)}
    </span>
  );
}
