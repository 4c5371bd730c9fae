// Re-reads the signed-in user (GET /api/auth/me) when the app opens, so a role or name changed
// since login shows at once; a token revoked meanwhile answers 401 and ends the session.
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys } from '../api/queryKeys';
import { getMe } from '../api/users';
import { getSession, startSession } from './session';

export function useFreshUser() {
  const me = useQuery({ queryKey: queryKeys.me, queryFn: getMe, staleTime: 5 * 60_000 });
  useEffect(() => {
    const session = getSession();
    if (!me.data || !session) return;
    const before = session.user;
    if (JSON.stringify(before) !== JSON.stringify(me.data))
      startSession({ token: session.token, user: me.data });
  }, [me.data]);
}
