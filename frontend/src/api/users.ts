// User calls the app needs: who am I, and (administrators) everyone, to show owners' names.
import { api, call } from './client';

export function getMe() {
  return call(api.GET('/api/auth/me'));
}

/** Up to 1000 users (one page): enough to name dataset owners. Administrators only. */
export function listUsers() {
  return call(api.GET('/api/users', { params: { query: { limit: 1000 } } }));
}
