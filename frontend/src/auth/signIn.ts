// Exchanges email and password for a session.
import { api, call } from '../api/client';
import { startSession, type Session } from './session';

export async function signIn(email: string, password: string): Promise<Session> {
  const answer = await call(api.POST('/api/auth/login', { body: { email, password } }));
  const session = { token: answer.accessToken, user: answer.user };
  startSession(session);
  return session;
}
