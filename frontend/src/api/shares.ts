// Sharing calls: a dashboard's shares (list, add or change, remove), the dashboards shared with
// me, and the directory that finds users and groups to share with (for every signed-in user,
// since only administrators may list users).
import { api, call } from './client';
import type { components } from './schema.gen';

export type Share = components['schemas']['Share'];
export type ShareTargetType = components['schemas']['ShareTargetType'];
export type SharePermission = components['schemas']['SharePermission'];
export type DirectoryResult = components['schemas']['DirectoryResult'];

/** TanStack Query keys of sharing data. */
export const shareKeys = {
  shares: (dashboardId: string) => ['dashboard-shares', dashboardId] as const,
  sharedWithMe: ['shared-with-me'] as const,
  directory: (q: string) => ['directory', q] as const,
  directoryUser: (userId: string) => ['directory-user', userId] as const,
};

export function listShares(dashboardId: string) {
  return call(
    api.GET('/api/dashboards/{dashboardId}/shares', { params: { path: { dashboardId } } }),
  );
}

/**
 * Shares the dashboard with a user or group. Sharing again with the same target changes that
 * share's permission (the API answers 200 instead of 201), which is how a permission changes.
 */
export function putShare(
  dashboardId: string,
  targetType: ShareTargetType,
  targetId: string,
  permission: SharePermission,
) {
  return call(
    api.POST('/api/dashboards/{dashboardId}/shares', {
      params: { path: { dashboardId } },
      body: { targetType, targetId, permission },
    }),
  );
}

export function deleteShare(dashboardId: string, shareId: string) {
  return call(
    api.DELETE('/api/dashboards/{dashboardId}/shares/{shareId}', {
      params: { path: { dashboardId, shareId } },
    }),
  );
}

/** Dashboards shared with the caller, directly or through a group, with their permission. */
export function listSharedWithMe() {
  return call(api.GET('/api/shared-with-me'));
}

/** Active users (name or email) and groups (name) containing `q`, at most 20 of each. */
export function searchDirectory(q: string, signal?: AbortSignal) {
  return call(api.GET('/api/directory', { params: { query: { q } }, signal }));
}

/** One active user's id, name and email (404 when disabled or gone); any signed-in user. */
export function getDirectoryUser(userId: string) {
  return call(api.GET('/api/directory/users/{userId}', { params: { path: { userId } } }));
}
