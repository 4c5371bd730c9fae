// Dashboard calls: the list (own and shared, each with the caller's permission), one dashboard,
// and a run of all its cards (each card's result or error, with cache age).
import { api, call } from './client';

/** The caller's own dashboards, then those shared with them, each with `permission`. */
export function listDashboards() {
  return call(api.GET('/api/dashboards'));
}

export function getDashboard(dashboardId: string) {
  return call(api.GET('/api/dashboards/{dashboardId}', { params: { path: { dashboardId } } }));
}

/** Runs every card of the dashboard once (with its default filters); `noCache` forces fresh runs. */
export function runDashboard(dashboardId: string, noCache = false, signal?: AbortSignal) {
  return call(
    api.POST('/api/dashboards/{dashboardId}/run', {
      params: { path: { dashboardId } },
      body: { noCache },
      signal,
    }),
  );
}
