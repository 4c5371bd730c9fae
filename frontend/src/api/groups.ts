// Group calls: administrators create, rename and delete groups and manage their members.
import { api, call } from './client';
import type { components } from './schema.gen';

export type Group = components['schemas']['Group'];
export type Member = components['schemas']['Member'];

/** TanStack Query keys of group data. */
export const groupKeys = {
  groups: ['groups'] as const,
  group: (groupId: string) => ['group', groupId] as const,
  members: (groupId: string) => ['group-members', groupId] as const,
};

/** Every group the caller may see (all of them for administrators), page after page. */
export async function listAllGroups(): Promise<Group[]> {
  const items: Group[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(
      api.GET('/api/groups', {
        params: { query: cursor ? { limit: 1000, cursor } : { limit: 1000 } },
      }),
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export function getGroup(groupId: string) {
  return call(api.GET('/api/groups/{groupId}', { params: { path: { groupId } } }));
}

export function createGroup(name: string) {
  return call(api.POST('/api/groups', { body: { name } }));
}

export function renameGroup(groupId: string, name: string, version: number) {
  return call(
    api.PATCH('/api/groups/{groupId}', {
      params: { path: { groupId } },
      body: { name, version },
    }),
  );
}

export function deleteGroup(groupId: string, version: number) {
  return call(
    api.DELETE('/api/groups/{groupId}', {
      params: { path: { groupId }, query: { version } },
    }),
  );
}

/** Every member of a group, page after page (ordered by user id). */
export async function listAllMembers(groupId: string): Promise<Member[]> {
  const items: Member[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(
      api.GET('/api/groups/{groupId}/members', {
        params: {
          path: { groupId },
          query: cursor ? { limit: 1000, cursor } : { limit: 1000 },
        },
      }),
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export function addMember(groupId: string, userId: string) {
  return call(
    api.POST('/api/groups/{groupId}/members', {
      params: { path: { groupId } },
      body: { userId },
    }),
  );
}

export function removeMember(groupId: string, userId: string) {
  return call(
    api.DELETE('/api/groups/{groupId}/members/{userId}', {
      params: { path: { groupId, userId } },
    }),
  );
}
