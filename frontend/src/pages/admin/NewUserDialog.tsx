// Creates a user (name, email, role) with an initial password made in the browser, then shows
// that password once with a copy button. Closing the dialog forgets it.
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/types';
import { createUser, type Role } from '../../api/userAdmin';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/errors/ErrorNotice';
import '../../styles/admin.css';
import { generateInitialPassword } from './initialPassword';

interface Props {
  onClose: () => void;
  onCreated: (user: User) => void;
}

export function NewUserDialog({ onClose, onCreated }: Props) {
  const { t } = useTranslation(['admin', 'common']);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const formId = useId();
  const creation = useMutation({
    mutationFn: () => {
      const password = generateInitialPassword();
      return createUser({ name: name.trim(), email: email.trim(), role, password }).then(
        (user) => ({ user, password }),
      );
    },
    onSuccess: ({ user }) => onCreated(user),
  });

  if (creation.data) {
    return <InitialPassword {...creation.data} onClose={onClose} />;
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    creation.mutate();
  };
  return (
    <Dialog
      title={t('newUser.title')}
      onClose={onClose}
      busy={creation.isPending}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common:action.cancel')}
          </button>
          <button
            type="submit"
            form={formId}
            className="button button--primary"
            disabled={creation.isPending || !name.trim() || !email.trim()}
          >
            {creation.isPending ? t('newUser.submitting') : t('newUser.submit')}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit}>
        <label className="field">
          <span>{t('newUser.name')}</span>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('newUser.email')}</span>
          <input
            required
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('newUser.role')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="member">{t('role.member')}</option>
            <option value="admin">{t('role.admin')}</option>
          </select>
        </label>
      </form>
      {creation.error && <ErrorNotice error={creation.error} />}
    </Dialog>
  );
}

function InitialPassword({
  user,
  password,
  onClose,
}: {
  user: User;
  password: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const passwordId = useId();
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copyPassword = () => {
    navigator.clipboard.writeText(password).then(
      () => setCopy('copied'),
      () => setCopy('failed'),
    );
  };
  return (
    <Dialog
      title={t('newUser.createdTitle')}
      onClose={onClose}
      footer={
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('newUser.done')}
        </button>
      }
    >
      <p>{t('newUser.created', { name: user.name, email: user.email })}</p>
      <div className="field">
        <label htmlFor={passwordId} className="initial-password__label">
          {t('newUser.passwordLabel')}
        </label>
        <div className="initial-password">
          <input
            id={passwordId}
            readOnly
            value={password}
            spellCheck={false}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" className="button" onClick={copyPassword}>
            {copy === 'copied' ? t('newUser.copied') : t('newUser.copy')}
          </button>
        </div>
      </div>
      <p className="notice">{t('newUser.onlyOnce')}</p>
      {copy === 'failed' && (
        <p className="error-text" role="alert">
          {t('newUser.copyFailed')}
        </p>
      )}
    </Dialog>
  );
}
