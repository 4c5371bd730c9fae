// Logs out: the server revokes the token (best effort: the session ends here either way).
import { api, call } from '../api/client';
import { endSession, getSession } from './session';

export async function signOut() {
  if (getSession()) {
    try {
      await call(api.POST('/api/auth/logout'));
    } catch {
      // offline or already expired: the token still expires on its own
    }
  }
  endSession('logout');
}
