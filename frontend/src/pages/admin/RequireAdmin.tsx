// Administration pages exist only for administrators: anyone else gets the not-found page, as
// for an address that does not exist (the API answers them 403 anyway).
import type { ReactNode } from 'react';
import { useSession } from '../../auth/session';
import { NotFoundPage } from '../NotFoundPage';

export function RequireAdmin({ children }: { children: ReactNode }) {
  const session = useSession();
  if (session?.user.role !== 'admin') return <NotFoundPage />;
  return <>{children}</>;
}
