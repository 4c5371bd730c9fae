// Logs out: the server revokes the token (best effort: the session ends here either way).
import { endSession, getSession } from './session';

export async function signOut() {
  const token = getSession()?.token;
  try {
    if (token) {
      await fetch('/api/auth/logout', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
      });
    }
  } catch {
    // offline: the token still expires on its own
  }
  endSession('logout');
}
