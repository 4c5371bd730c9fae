// User administration calls (administrators only): every user, create with an initial
// password, change name, role or disabled flag, delete. Each change carries the `version` read.
import { api, call } from './client';
import type { components } from './schema.gen';
import type { User } from './types';

export type Role = components['schemas']['Role'];
export type UserPatch = components['schemas']['UserPatch'];

/** TanStack Query key of the administration's user list. */
export const userAdminKeys = { all: ['admin-users'] as const };

/** Every user, page after page. */
export async function listAllUsers(): Promise<User[]> {
  const items: User[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(
      api.GET('/api/users', {
        params: { query: cursor ? { limit: 1000, cursor } : { limit: 1000 } },
      }),
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export function createUser(user: { name: string; email: string; role: Role; password: string }) {
  return call(api.POST('/api/users', { body: user }));
}

export function updateUser(userId: string, patch: UserPatch) {
  return call(api.PATCH('/api/users/{userId}', { params: { path: { userId } }, body: patch }));
}

export function deleteUser(userId: string, version: number) {
  return call(
    api.DELETE('/api/users/{userId}', { params: { path: { userId }, query: { version } } }),
  );
}
