// /admin/users: every user with their role and status. Administrators create users (with a
// one-time initial password), change roles, disable or enable and delete them. Each change
// sends the version read; a failure (409 when someone changed the user meanwhile) is shown and
// the list is read again. The API refuses an administrator's changes to their own account
// (locking themselves out), so their own row offers none.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '../../api/queryKeys';
import type { User } from '../../api/types';
import {
  deleteUser,
  listAllUsers,
  updateUser,
  userAdminKeys,
  type Role,
  type UserPatch,
} from '../../api/userAdmin';
import { useSession } from '../../auth/session';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { ErrorNotice } from '../../components/errors/ErrorNotice';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import '../../styles/admin.css';
import { NewUserDialog } from './NewUserDialog';

export function UsersAdminPage() {
  const { t } = useTranslation(['admin', 'common']);
  useDocumentTitle(t('users.title'));
  const queryClient = useQueryClient();
  const me = useSession()?.user.userId;
  const users = useQuery({ queryKey: userAdminKeys.all, queryFn: listAllUsers });
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<User | null>(null);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: userAdminKeys.all });
    // Other pages name owners from GET /api/users.
    void queryClient.invalidateQueries({ queryKey: queryKeys.users });
  };
  const change = useMutation({
    mutationFn: ({ user, patch }: { user: User; patch: Omit<UserPatch, 'version'> }) =>
      updateUser(user.userId, { ...patch, version: user.version }),
    onSettled: refresh,
  });

  return (
    <section className="page">
      <div className="page__header">
        <h1>{t('users.title')}</h1>
        <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
          {t('users.create')}
        </button>
      </div>
      {users.isPending && <p className="muted">{t('common:state.loading')}</p>}
      {users.isError && <ErrorNotice error={users.error} onRetry={() => void users.refetch()} />}
      {change.error && <ErrorNotice error={change.error} />}
      {users.isSuccess && users.data.length === 0 && <p className="muted">{t('users.empty')}</p>}
      {users.isSuccess && users.data.length > 0 && (
        <div className="admin-table">
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('users.columns.name')}</th>
                <th>{t('users.columns.email')}</th>
                <th>{t('users.columns.role')}</th>
                <th>{t('users.columns.status')}</th>
                <th>{t('users.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => {
                const self = user.userId === me;
                return (
                  <tr key={user.userId}>
                    <td>
                      {user.name} {self && <span className="muted small">{t('users.you')}</span>}
                    </td>
                    <td>{user.email}</td>
                    <td>
                      <select
                        aria-label={t('users.roleOf', { name: user.name })}
                        value={user.role}
                        disabled={self || change.isPending}
                        onChange={(e) =>
                          change.mutate({ user, patch: { role: e.target.value as Role } })
                        }
                      >
                        <option value="member">{t('role.member')}</option>
                        <option value="admin">{t('role.admin')}</option>
                      </select>
                    </td>
                    <td>
                      <span className="badge">
                        {user.disabled ? t('users.disabled') : t('users.active')}
                      </span>
                    </td>
                    <td>
                      {!self && (
                        <div className="admin-table__actions">
                          <button
                            type="button"
                            className="button"
                            disabled={change.isPending}
                            aria-label={t(
                              user.disabled ? 'users.enableLabel' : 'users.disableLabel',
                              {
                                name: user.name,
                              },
                            )}
                            onClick={() =>
                              change.mutate({ user, patch: { disabled: !user.disabled } })
                            }
                          >
                            {user.disabled ? t('users.enable') : t('users.disable')}
                          </button>
                          <button
                            type="button"
                            className="button button--danger"
                            aria-label={t('users.deleteLabel', { name: user.name })}
                            onClick={() => setDeleting(user)}
                          >
                            {t('common:action.delete')}
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {creating && <NewUserDialog onClose={() => setCreating(false)} onCreated={refresh} />}
      {deleting && (
        <ConfirmDeleteDialog
          title={t('users.deleteTitle')}
          body={t('users.deleteBody', { name: deleting.name, email: deleting.email })}
          confirmLabel={t('common:action.delete')}
          remove={() => deleteUser(deleting.userId, deleting.version)}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            refresh();
          }}
        />
      )}
    </section>
  );
}
