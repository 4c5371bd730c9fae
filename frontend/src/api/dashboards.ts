// Dashboard calls: the list (own and shared, each with the caller's permission), one dashboard,
// creation, a change (title, description, layout, filters; with `version`), deletion (owner),
// and a run of all its cards (each card's result or error, with cache age).
import { api, call } from './client';
import type { components } from './schema.gen';
import type { DashboardPatch, FilterValues } from './types';

/** The body of POST /api/dashboards (only `title` is required). */
export type DashboardCreate = components['schemas']['DashboardCreate'];

/** The caller's own dashboards, then those shared with them, each with `permission`. */
export function listDashboards() {
  return call(api.GET('/api/dashboards'));
}

export function getDashboard(dashboardId: string) {
  return call(api.GET('/api/dashboards/{dashboardId}', { params: { path: { dashboardId } } }));
}

/** Creates a dashboard owned by the caller; answers it with `permission` `owner`. */
export function createDashboard(dashboard: DashboardCreate) {
  return call(api.POST('/api/dashboards', { body: dashboard }));
}

/** Deletes the dashboard with its shares and filter views (owner; 409 if `version` is stale). */
export function deleteDashboard(dashboardId: string, version?: number) {
  return call(
    api.DELETE('/api/dashboards/{dashboardId}', {
      params: { path: { dashboardId }, query: { version } },
    }),
  );
}

/** Changes only the fields given; `version` is the one the change was based on (409 if stale). */
export function updateDashboard(dashboardId: string, change: DashboardPatch) {
  return call(
    api.PATCH('/api/dashboards/{dashboardId}', { params: { path: { dashboardId } }, body: change }),
  );
}

/**
 * Runs every card of the dashboard once; `filters` (filter id to value) overlay the defaults
 * and are sent only when given; `noCache` forces fresh runs.
 */
export function runDashboard(
  dashboardId: string,
  noCache = false,
  signal?: AbortSignal,
  filters?: FilterValues,
) {
  return call(
    api.POST('/api/dashboards/{dashboardId}/run', {
      params: { path: { dashboardId } },
      body: filters ? { noCache, filters } : { noCache },
      signal,
    }),
  );
}

/** A filter's distinct values over the dashboard's datasets, containing `q` (any case). */
export function listFilterValues(
  dashboardId: string,
  filterId: string,
  q: string,
  signal?: AbortSignal,
) {
  return call(
    api.GET('/api/dashboards/{dashboardId}/filters/{filterId}/values', {
      params: { path: { dashboardId, filterId }, query: q ? { q, limit: 100 } : { limit: 100 } },
      signal,
    }),
  );
}
