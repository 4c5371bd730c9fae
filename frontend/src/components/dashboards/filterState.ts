// The dashboard's filter state in the address: one query parameter `f.<filterId>` per filter
// whose value differs from its default, holding the value as JSON (`null` clears a filter that
// has a default). A link therefore reproduces the view; absent parameters mean the defaults.
import type {
  Dashboard,
  DashboardFilter,
  FilterValue,
  FilterValues,
  FilterView,
} from '../../api/types';

const PREFIX = 'f.';

/** The value of each filter: the default, or the address's value when it is valid JSON. */
export function filterValuesFrom(
  filters: DashboardFilter[],
  params: URLSearchParams,
): FilterValues {
  const values: FilterValues = {};
  for (const filter of filters) {
    const id = filter.filterId ?? '';
    const raw = params.get(PREFIX + id);
    let value: FilterValue = filter.default ?? null;
    if (raw !== null) {
      try {
        value = JSON.parse(raw) as FilterValue;
      } catch {
        // A hand-edited parameter that is not JSON: keep the default.
      }
    }
    values[id] = value;
  }
  return values;
}

/** The address's parameters after `filterId` takes `value` (dropped when it is the default). */
export function withFilterValue(
  params: URLSearchParams,
  filter: DashboardFilter,
  value: FilterValue,
): URLSearchParams {
  const next = new URLSearchParams(params);
  const key = PREFIX + (filter.filterId ?? '');
  if (sameValue(value, filter.default ?? null)) next.delete(key);
  else next.set(key, JSON.stringify(value));
  return next;
}

/** The address's parameters without any filter state (every filter back to its default). */
export function withoutFilterValues(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams();
  for (const [key, value] of params) if (!key.startsWith(PREFIX)) next.append(key, value);
  return next;
}

export function hasFilterValues(params: URLSearchParams): boolean {
  return [...params.keys()].some((key) => key.startsWith(PREFIX));
}

/** Every filter's value under a filter view: its saved value, else the filter's default. */
export function valuesOfView(dashboard: Dashboard, view: FilterView): FilterValues {
  const values: FilterValues = {};
  for (const filter of dashboard.filters) {
    const id = filter.filterId ?? '';
    values[id] = id in view.values ? (view.values[id] ?? null) : (filter.default ?? null);
  }
  return values;
}

/** The address's parameters showing exactly `values` (defaults left out). */
export function withFilterValues(
  params: URLSearchParams,
  filters: DashboardFilter[],
  values: FilterValues,
): URLSearchParams {
  let next = withoutFilterValues(params);
  for (const filter of filters)
    next = withFilterValue(next, filter, values[filter.filterId ?? ''] ?? null);
  return next;
}

export function sameValues(a: FilterValues, b: FilterValues): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (!sameValue(a[key] ?? null, b[key] ?? null)) return false;
  return true;
}

function sameValue(a: FilterValue, b: FilterValue): boolean {
  return sameJson(a ?? null, b ?? null);
}

/**
 * Deep equality of JSON values. Object keys are compared as a set, never by order (the API
 * answers them sorted, the filter bar writes `min` before `max`), and a member that is null
 * counts as absent: both mean "no bound" in a range. Arrays keep their order.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameJson(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (!sameJson(left[key] ?? null, right[key] ?? null)) return false;
  return true;
}
