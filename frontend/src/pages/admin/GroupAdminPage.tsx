// /admin/groups/{groupId}: one group. Rename it (with the version read; 409 if it changed),
// delete it after confirmation (its memberships and the shares made to it go too), list its
// members, add a user picked from every active user who is not yet a member, remove members.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  addMember,
  deleteGroup,
  getGroup,
  groupKeys,
  listAllMembers,
  removeMember,
  renameGroup,
  type Group,
} from '../../api/groups';
import { listAllUsers, userAdminKeys } from '../../api/userAdmin';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { ErrorNotice } from '../../components/errors/ErrorNotice';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFormat } from '../../i18n/format';
import '../../styles/admin.css';

export function GroupAdminPage() {
  const { groupId = '' } = useParams();
  const { t } = useTranslation(['admin', 'common']);
  const group = useQuery({ queryKey: groupKeys.group(groupId), queryFn: () => getGroup(groupId) });
  useDocumentTitle(group.data?.name ?? t('groups.title'));

  return (
    <section className="page">
      <Link to="/admin/groups" className="back-link">
        ← {t('groups.back')}
      </Link>
      {group.isPending && <p className="muted">{t('common:state.loading')}</p>}
      {group.isError && <ErrorNotice error={group.error} onRetry={() => void group.refetch()} />}
      {group.isSuccess && <GroupDetails group={group.data} />}
    </section>
  );
}

function GroupDetails({ group }: { group: Group }) {
  const { t } = useTranslation(['admin', 'common']);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(group.name);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const refreshGroup = () => {
    void queryClient.invalidateQueries({ queryKey: groupKeys.group(group.groupId) });
    void queryClient.invalidateQueries({ queryKey: groupKeys.groups });
  };
  const rename = useMutation({
    mutationFn: (newName: string) => renameGroup(group.groupId, newName, group.version),
    onSuccess: (renamed) => setName(renamed.name),
    // After a 409 this reads the current version, so sending the name again overwrites.
    onSettled: refreshGroup,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed && trimmed !== group.name) rename.mutate(trimmed);
  };

  return (
    <>
      <div className="page__header">
        <h1>{group.name}</h1>
        <button
          type="button"
          className="button button--danger"
          onClick={() => setConfirmDelete(true)}
        >
          {t('group.delete')}
        </button>
      </div>
      {group.description && <p className="muted">{group.description}</p>}
      <form className="admin-form" onSubmit={submit}>
        <label className="field">
          <span>{t('group.name')}</span>
          <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <button
          type="submit"
          className="button"
          disabled={rename.isPending || !name.trim() || name.trim() === group.name}
        >
          {t('group.rename')}
        </button>
      </form>
      {rename.error && <ErrorNotice error={rename.error} />}
      <Members group={group} onChanged={refreshGroup} />
      {confirmDelete && (
        <ConfirmDeleteDialog
          title={t('group.deleteTitle')}
          body={t('group.deleteBody', { name: group.name })}
          confirmLabel={t('common:action.delete')}
          remove={() => deleteGroup(group.groupId, group.version)}
          onClose={() => setConfirmDelete(false)}
          onDeleted={() => {
            queryClient.removeQueries({ queryKey: groupKeys.group(group.groupId) });
            void queryClient.invalidateQueries({ queryKey: groupKeys.groups });
            void navigate('/admin/groups');
          }}
        />
      )}
    </>
  );
}

function Members({ group, onChanged }: { group: Group; onChanged: () => void }) {
  const { t } = useTranslation(['admin', 'common']);
  const format = useFormat();
  const headingId = useId();
  const queryClient = useQueryClient();
  const members = useQuery({
    queryKey: groupKeys.members(group.groupId),
    queryFn: () => listAllMembers(group.groupId),
  });
  const users = useQuery({ queryKey: userAdminKeys.all, queryFn: listAllUsers });
  const [picked, setPicked] = useState('');
  const settled = () => {
    void queryClient.invalidateQueries({ queryKey: groupKeys.members(group.groupId) });
    onChanged();
  };
  const add = useMutation({
    mutationFn: (userId: string) => addMember(group.groupId, userId),
    onSuccess: () => setPicked(''),
    onSettled: settled,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => removeMember(group.groupId, userId),
    onSettled: settled,
  });
  const memberIds = new Set((members.data ?? []).map((m) => m.userId));
  const candidates = (users.data ?? []).filter((u) => !u.disabled && !memberIds.has(u.userId));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (picked) add.mutate(picked);
  };

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t('group.members')}{' '}
        {group.memberCount !== undefined && (
          <span className="muted small">
            {t('group.memberCount', { count: group.memberCount })}
          </span>
        )}
      </h2>
      <form className="admin-form" onSubmit={submit}>
        <label className="field">
          <span>{t('group.addUser')}</span>
          <select value={picked} onChange={(e) => setPicked(e.target.value)}>
            <option value="">{t('group.pickUser')}</option>
            {candidates.map((u) => (
              <option key={u.userId} value={u.userId}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={!picked || add.isPending}>
          {t('group.add')}
        </button>
      </form>
      {users.isError && <ErrorNotice error={users.error} />}
      {add.error && <ErrorNotice error={add.error} />}
      {remove.error && <ErrorNotice error={remove.error} />}
      {members.isPending && <p className="muted">{t('common:state.loading')}</p>}
      {members.isError && (
        <ErrorNotice error={members.error} onRetry={() => void members.refetch()} />
      )}
      {members.isSuccess && members.data.length === 0 && (
        <p className="muted">{t('group.noMembers')}</p>
      )}
      {members.isSuccess && members.data.length > 0 && (
        <div className="admin-table">
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('group.columns.name')}</th>
                <th>{t('group.columns.email')}</th>
                <th>{t('group.columns.added')}</th>
                <th>
                  <span className="visually-hidden">{t('users.columns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data.map((m) => (
                <tr key={m.userId}>
                  <td>{m.name}</td>
                  <td>{m.email}</td>
                  <td>{format.dateTime(m.addedAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--danger"
                      aria-label={t('group.removeLabel', { name: m.name })}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate(m.userId)}
                    >
                      {t('group.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
