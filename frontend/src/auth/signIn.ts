// Exchanges email and password for a session.
import { startSession, type Session } from './session';

export async function signIn(email: string, password: string): Promise<Session> {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status}`);
  const body = (await response.json()) as { token: string; user: Session['user'] };
  const session = { token: body.token, user: body.user };
  startSession(session);
  return session;
}
