// A record's owner as people know them: "You" for the signed-in user; administrators see
// everyone's name (they may list users); others see the owner's id, which is all they may know.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '../../api/queryKeys';
import { listUsers } from '../../api/users';
import { useSession } from '../../auth/session';

export function useOwnerName() {
  const { t } = useTranslation('datasets');
  const session = useSession();
  const isAdmin = session?.user.role === 'admin';
  const users = useQuery({
    queryKey: queryKeys.users,
    queryFn: listUsers,
    enabled: isAdmin,
    staleTime: 5 * 60_000,
  });
  return (ownerId: string) => {
    if (ownerId === session?.user.userId) return t('you');
    const owner = users.data?.items.find((user) => user.userId === ownerId);
    return owner ? owner.name || owner.email : ownerId;
  };
}
