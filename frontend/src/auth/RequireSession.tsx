// Guards the signed-in part of the app: without a session, go to the login page and remember
// the page that was asked for (`?next=`), so signing in returns there. A 401 from any API call
// ends the session, which brings the user here too.
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { loginPathFor } from './paths';
import { useSession } from './session';

export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session) return <Navigate to={loginPathFor(location)} replace />;
  return children;
}
