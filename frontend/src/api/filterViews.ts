// Filter view calls: a dashboard's views (its shared ones and the caller's own), save the
// current filter values under a name, change one (name, values, shared; with `version`) and
// delete one. Changes are for the view's author, the dashboard's owner and administrators.
import { api, call } from './client';
import type { FilterViewCreate, FilterViewPatch } from './types';

export function listFilterViews(dashboardId: string) {
  return call(
    api.GET('/api/dashboards/{dashboardId}/filter-views', { params: { path: { dashboardId } } }),
  );
}

export function createFilterView(dashboardId: string, view: FilterViewCreate) {
  return call(
    api.POST('/api/dashboards/{dashboardId}/filter-views', {
      params: { path: { dashboardId } },
      body: view,
    }),
  );
}

/** Changes only the fields given; `version` is the one the change was based on (409 if stale). */
export function updateFilterView(filterViewId: string, change: FilterViewPatch) {
  return call(
    api.PATCH('/api/filter-views/{filterViewId}', {
      params: { path: { filterViewId } },
      body: change,
    }),
  );
}

export function deleteFilterView(filterViewId: string, version?: number) {
  return call(
    api.DELETE('/api/filter-views/{filterViewId}', {
      params: { path: { filterViewId }, query: { version } },
    }),
  );
}
