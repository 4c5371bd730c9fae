// /admin/groups: every group (in the order the API lists them) and a form to create one. A
// group's name opens its page (rename, delete, members).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { createGroup, groupKeys, listAllGroups } from '../../api/groups';
import { ErrorNotice } from '../../components/errors/ErrorNotice';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFormat } from '../../i18n/format';
import '../../styles/admin.css';

export function GroupsAdminPage() {
  const { t } = useTranslation(['admin', 'common']);
  useDocumentTitle(t('groups.title'));
  const format = useFormat();
  const queryClient = useQueryClient();
  const groups = useQuery({ queryKey: groupKeys.groups, queryFn: listAllGroups });
  const [name, setName] = useState('');
  const creation = useMutation({
    mutationFn: (groupName: string) => createGroup(groupName),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: groupKeys.groups });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) creation.mutate(name.trim());
  };

  return (
    <section className="page">
      <div className="page__header">
        <h1>{t('groups.title')}</h1>
      </div>
      <form className="admin-form" onSubmit={submit}>
        <label className="field">
          <span>{t('groups.newName')}</span>
          <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <button
          type="submit"
          className="button button--primary"
          disabled={creation.isPending || !name.trim()}
        >
          {t('groups.create')}
        </button>
      </form>
      {creation.error && <ErrorNotice error={creation.error} />}
      {groups.isPending && <p className="muted">{t('common:state.loading')}</p>}
      {groups.isError && <ErrorNotice error={groups.error} onRetry={() => void groups.refetch()} />}
      {groups.isSuccess && groups.data.length === 0 && <p className="muted">{t('groups.empty')}</p>}
      {groups.isSuccess && groups.data.length > 0 && (
        <div className="admin-table">
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('groups.columns.name')}</th>
                <th>{t('groups.columns.description')}</th>
                <th>{t('groups.columns.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.data.map((group) => (
                <tr key={group.groupId}>
                  <td>
                    <Link to={`/admin/groups/${encodeURIComponent(group.groupId)}`}>
                      {group.name}
                    </Link>
                  </td>
                  <td>{group.description}</td>
                  <td>{format.dateTime(group.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
