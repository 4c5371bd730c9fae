// A failed run, told the way the user can act on it: the card's own error with its traceback
// (the editor highlights the line), a timeout with the runbook's advice (runbook 5.2), a busy or
// unreachable executor with when to try again, and anything else through ErrorNotice.
import { useTranslation } from 'react-i18next';
import { ApiError, RetryLaterError } from '../../api/errors';
import { ErrorNotice } from '../errors/ErrorNotice';
import { failingLineOf } from './cardErrors';

interface Props {
  error: unknown;
  onRetry: () => void;
  /** Moves the editor's cursor to the failing line (no "go to line" button without it). */
  onGoToLine?: (line: number) => void;
}

export function RunErrorView({ error, onRetry, onGoToLine }: Props) {
  const { t } = useTranslation('cards');
  if (!(error instanceof ApiError)) return <ErrorNotice error={error} />;
  const details = error.details ?? {};

  if (error.kind === 'timeout') {
    const seconds = typeof details.timeoutSeconds === 'number' ? details.timeoutSeconds : 10;
    return (
      <div className="error-box run-error" role="alert">
        <strong>{t('runError.timeout', { seconds })}</strong>
        <p>{t('runError.timeoutIntro')}</p>
        <ul>
          <li>{t('runError.timeoutAdvice.vectorise')}</li>
          <li>{t('runError.timeoutAdvice.filter')}</li>
          <li>{t('runError.timeoutAdvice.loop')}</li>
          <li>{t('runError.timeoutAdvice.resources')}</li>
        </ul>
        <RequestId error={error} />
      </div>
    );
  }

  if (error.kind === 'unavailable' || error.kind === 'rateLimited') {
    const seconds = error instanceof RetryLaterError ? error.retryAfterSeconds : null;
    const reason = typeof details.reason === 'string' ? details.reason : '';
    const hint = t(`runError.unavailableReasons.${reason}` as 'runError.unavailableReasons.queue_full', {
      defaultValue: '',
    });
    return (
      <div className="error-box run-error" role="alert">
        <strong>{t('runError.unavailable')}</strong>
        {hint && <p>{hint}</p>}
        <p>
          {seconds !== null
            ? t('runError.retryAfter', { count: seconds })
            : t('runError.retrySoon')}
        </p>
        <button type="button" className="button" onClick={onRetry}>
          {t('runError.retry')}
        </button>
        <RequestId error={error} />
      </div>
    );
  }

  if (error.status === 422) {
    const line = failingLineOf(error);
    const traceback = typeof details.traceback === 'string' ? details.traceback : '';
    const headline =
      error.code === 'user_code_error'
        ? line !== null
          ? t('runError.codeErrorAt', { line })
          : t('runError.codeError')
        : t(`runError.codes.${error.code}` as 'runError.codes.memory_limit', {
            defaultValue: t('runError.codeError'),
          });
    return (
      <div className="error-box run-error" role="alert">
        <strong>{headline}</strong>
        <div className="run-error__message">{error.message}</div>
        {error.code === 'memory_limit' && <p>{t('runError.memoryAdvice')}</p>}
        {error.code === 'unsupported_result' && <p>{t('runError.unsupportedAdvice')}</p>}
        {line !== null && onGoToLine && (
          <button type="button" className="link-button" onClick={() => onGoToLine(line)}>
            {t('runError.goToLine', { line })}
          </button>
        )}
        {traceback && (
          <pre className="run-error__traceback" aria-label={t('runError.traceback')}>
            {traceback}
          </pre>
        )}
        <RequestId error={error} />
      </div>
    );
  }

  return <ErrorNotice error={error} />;
}

function RequestId({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  if (!error.requestId) return null;
  return <div className="muted small">{t('error.requestId', { id: error.requestId })}</div>;
}
