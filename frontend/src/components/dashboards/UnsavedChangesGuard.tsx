// Asks before leaving a page with unsaved changes: an in-app link to another page opens a
// "leave or stay" dialog, and closing or reloading the tab gets the browser's own question.
// Moves within the same page (the address's filter parameters) are not leaving.
import { useEffect } from 'react';
import { useBlocker } from 'react-router';
import { Dialog } from '../Dialog';

export function UnsavedChangesGuard({
  when,
  title,
  body,
  stayLabel,
  leaveLabel,
}: {
  when: boolean;
  title: string;
  body: string;
  stayLabel: string;
  leaveLabel: string;
}) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      when && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!when) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [when]);

  if (blocker.state !== 'blocked') return null;
  return (
    <Dialog
      title={title}
      onClose={() => blocker.reset()}
      footer={
        <>
          <button type="button" className="button" onClick={() => blocker.reset()}>
            {stayLabel}
          </button>
          <button
            type="button"
            className="button button--danger button--primary"
            onClick={() => blocker.proceed()}
          >
            {leaveLabel}
          </button>
        </>
      }
    >
      <p>{body}</p>
    </Dialog>
  );
}
