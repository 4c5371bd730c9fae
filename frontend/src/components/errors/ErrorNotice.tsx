// Shows a failure: headline, the server's message, facts (row/column/reason) and request id.
import { useTranslation } from 'react-i18next';
import { describeError } from './describeError';

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const { headline, detail, facts, requestId } = describeError(error, t);
  return (
    <div className="error-box" role="alert">
      <strong>{headline}</strong>
      {detail && <div>{detail}</div>}
      {facts.length > 0 && (
        <dl>
          {facts.map((fact) => (
            <div key={fact.label} className="error-box__fact">
              <dt>{fact.label}</dt>
              <dd>{fact.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {requestId && <div className="muted">{t('error.requestId', { id: requestId })}</div>}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}
