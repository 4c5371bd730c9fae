// A save refused with 409 (someone saved a newer version meanwhile): says so, and offers
// "reload theirs" (discarding this editor's changes) or "overwrite with mine" (the same changes
// sent again with the current version). The caller words the message and does both actions.
import type { ConflictError } from '../../api/errors';

export function SaveConflictNotice({
  conflict,
  message,
  reloadLabel,
  overwriteLabel,
  busy,
  onReload,
  onOverwrite,
}: {
  conflict: ConflictError;
  message: (version: number | string) => string;
  reloadLabel: string;
  overwriteLabel: string;
  busy: boolean;
  onReload: () => void;
  onOverwrite: (currentVersion: number | null) => void;
}) {
  return (
    <div className="error-box save-conflict" role="alert">
      <p>{message(conflict.currentVersion ?? '?')}</p>
      <button type="button" className="button" disabled={busy} onClick={onReload}>
        {reloadLabel}
      </button>{' '}
      <button
        type="button"
        className="button button--primary"
        disabled={busy}
        onClick={() => onOverwrite(conflict.currentVersion)}
      >
        {overwriteLabel}
      </button>
    </div>
  );
}
