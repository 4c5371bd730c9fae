// Sign-in form. After signing in, go back to the page that sent the user here (`?next=`).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { safeNextPath } from '../../auth/paths';
import { takeEndReason, useSession } from '../../auth/session';
import { signIn } from '../../auth/signIn';
import { isApiError, RetryLaterError } from '../../api/errors';
import { LanguageSwitch } from '../../components/shell/LanguageSwitch';
import { useDocumentTitle } from '../../components/useDocumentTitle';

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [expired] = useState(() => takeEndReason() === 'expired');
  useDocumentTitle(t('login.title'));

  if (session && !busy) return <Navigate to={next} replace />;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      navigate(next, { replace: true });
    } catch (failure) {
      setError(loginFailureText(failure));
      setBusy(false);
    }
  }

  function loginFailureText(failure: unknown) {
    if (failure instanceof RetryLaterError && failure.kind === 'rateLimited')
      return t('login.rateLimited', { seconds: failure.retryAfterSeconds ?? 60 });
    if (isApiError(failure, 'unauthorized')) return t('login.invalid');
    if (isApiError(failure, 'network')) return t('error.network');
    return failure instanceof Error ? failure.message : String(failure);
  }

  return (
    <div className="login-page">
      <form className="login-page__card" onSubmit={(event) => void onSubmit(event)}>
        <div className="login-page__top">
          <h1>{t('appName')}</h1>
          <LanguageSwitch />
        </div>
        <h2>{t('login.title')}</h2>
        {expired && <p className="notice">{t('login.sessionExpired')}</p>}
        <label className="field">
          <span>{t('login.email')}</span>
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
