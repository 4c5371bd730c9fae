// The share dialog of a dashboard: who it is shared with (users by email, groups by name) with
// each one's permission, which can be changed or removed, and a search (the directory: active
// users and groups, for any signed-in user) to add new users or groups with `view` or `edit`.
// A permission change is a second POST for the same target: the API then changes that share.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '../../api/queryKeys';
import {
  deleteShare,
  listShares,
  putShare,
  searchDirectory,
  shareKeys,
  type Share,
  type SharePermission,
  type ShareTargetType,
} from '../../api/shares';
import '../../styles/admin.css';
import { Dialog } from '../Dialog';
import { ErrorNotice } from '../errors/ErrorNotice';
import { useDebouncedValue } from './useDebouncedValue';

const permissions: SharePermission[] = ['view', 'edit'];
const searchDelayMs = 250;

interface Props {
  dashboardId: string;
  title: string;
  onClose: () => void;
}

export function ShareDialog({ dashboardId, title, onClose }: Props) {
  const { t } = useTranslation(['sharing', 'common']);
  const queryClient = useQueryClient();
  const shares = useQuery({
    queryKey: shareKeys.shares(dashboardId),
    queryFn: () => listShares(dashboardId),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: shareKeys.shares(dashboardId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.dashboards });
  };
  const change = useMutation({
    mutationFn: (v: { type: ShareTargetType; id: string; permission: SharePermission }) =>
      putShare(dashboardId, v.type, v.id, v.permission),
    onSettled: refresh,
  });
  const removal = useMutation({
    mutationFn: (shareId: string) => deleteShare(dashboardId, shareId),
    onSettled: refresh,
  });
  const currentId = useId();
  const items = shares.data?.items ?? [];
  const busy = change.isPending || removal.isPending;

  return (
    <Dialog
      title={t('dialog.title', { title })}
      onClose={onClose}
      wide
      footer={
        <button type="button" className="button" onClick={onClose}>
          {t('common:action.close')}
        </button>
      }
    >
      <section className="share-dialog__section" aria-labelledby={currentId}>
        <h3 id={currentId}>{t('dialog.current')}</h3>
        {shares.isPending && <p className="muted">{t('dialog.loading')}</p>}
        {shares.isError && (
          <ErrorNotice error={shares.error} onRetry={() => void shares.refetch()} />
        )}
        {shares.isSuccess && items.length === 0 && <p className="muted">{t('dialog.none')}</p>}
        {items.length > 0 && (
          <ul className="share-dialog__list">
            {items.map((share) => (
              <ShareRow
                key={share.shareId}
                share={share}
                disabled={busy}
                onPermission={(permission) =>
                  change.mutate({ type: share.targetType, id: share.targetId, permission })
                }
                onRemove={() => removal.mutate(share.shareId)}
              />
            ))}
          </ul>
        )}
        {change.error && <ErrorNotice error={change.error} />}
        {removal.error && <ErrorNotice error={removal.error} />}
      </section>
      <AddShare
        shared={items}
        disabled={busy}
        onAdd={(type, id, permission) => change.mutate({ type, id, permission })}
      />
    </Dialog>
  );
}

function ShareRow({
  share,
  disabled,
  onPermission,
  onRemove,
}: {
  share: Share;
  disabled: boolean;
  onPermission: (permission: SharePermission) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('sharing');
  const name = share.targetLabel || share.targetId;
  return (
    <li className="share-dialog__row">
      <span className="share-dialog__who">
        <span className="badge">{t(`target.${share.targetType}`)}</span> {name}
      </span>
      <select
        aria-label={t('dialog.permissionOf', { name })}
        value={share.permission}
        disabled={disabled}
        onChange={(event) => onPermission(event.target.value as SharePermission)}
      >
        {permissions.map((p) => (
          <option key={p} value={p}>
            {t(`permission.${p}`)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button button--danger"
        aria-label={t('dialog.removeLabel', { name })}
        disabled={disabled}
        onClick={onRemove}
      >
        {t('dialog.remove')}
      </button>
    </li>
  );
}

function AddShare({
  shared,
  disabled,
  onAdd,
}: {
  shared: Share[];
  disabled: boolean;
  onAdd: (type: ShareTargetType, id: string, permission: SharePermission) => void;
}) {
  const { t } = useTranslation('sharing');
  const hintId = useId();
  const [text, setText] = useState('');
  const [permission, setPermission] = useState<SharePermission>('view');
  const q = useDebouncedValue(text.trim(), searchDelayMs);
  const found = useQuery({
    queryKey: shareKeys.directory(q),
    queryFn: ({ signal }) => searchDirectory(q, signal),
    enabled: q.length > 0,
  });
  const isShared = (type: ShareTargetType, id: string) =>
    shared.some((s) => s.targetType === type && s.targetId === id);
  const users = found.data?.users ?? [];
  const groups = found.data?.groups ?? [];

  return (
    <section className="share-dialog__section">
      <h3>{t('dialog.add')}</h3>
      <div className="share-dialog__search">
        <label className="field">
          <span>{t('dialog.search')}</span>
          <input
            type="search"
            value={text}
            aria-describedby={hintId}
            autoComplete="off"
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('dialog.newPermission')}</span>
          <select
            value={permission}
            onChange={(event) => setPermission(event.target.value as SharePermission)}
          >
            {permissions.map((p) => (
              <option key={p} value={p}>
                {t(`permission.${p}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p id={hintId} className="muted small">
        {t('dialog.searchHint')}
      </p>
      {q && found.isFetching && <p className="muted">{t('dialog.searching')}</p>}
      {q && found.isError && <ErrorNotice error={found.error} />}
      {q && found.isSuccess && users.length === 0 && groups.length === 0 && (
        <p className="muted">{t('dialog.noMatches', { q })}</p>
      )}
      {users.length > 0 && (
        <Matches heading={t('dialog.users')}>
          {users.map((u) => (
            <Match
              key={u.userId}
              label={u.name}
              detail={u.email}
              shared={isShared('user', u.userId)}
              disabled={disabled}
              onAdd={() => onAdd('user', u.userId, permission)}
            />
          ))}
        </Matches>
      )}
      {groups.length > 0 && (
        <Matches heading={t('dialog.groups')}>
          {groups.map((g) => (
            <Match
              key={g.groupId}
              label={g.name}
              shared={isShared('group', g.groupId)}
              disabled={disabled}
              onAdd={() => onAdd('group', g.groupId, permission)}
            />
          ))}
        </Matches>
      )}
    </section>
  );
}

function Matches({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <div className="share-dialog__matches">
      <h4>{heading}</h4>
      <ul className="share-dialog__list">{children}</ul>
    </div>
  );
}

function Match({
  label,
  detail,
  shared,
  disabled,
  onAdd,
}: {
  label: string;
  detail?: string;
  shared: boolean;
  disabled: boolean;
  onAdd: () => void;
}) {
  const { t } = useTranslation('sharing');
  return (
    <li className="share-dialog__row">
      <span className="share-dialog__who">
        {label}
        {detail && <span className="muted small"> {detail}</span>}
      </span>
      {shared ? (
        <span className="muted small">{t('dialog.alreadyShared')}</span>
      ) : (
        <button
          type="button"
          className="button"
          aria-label={t('dialog.addLabel', { name: label })}
          disabled={disabled}
          onClick={onAdd}
        >
          {t('dialog.addShort')}
        </button>
      )}
    </li>
  );
}
