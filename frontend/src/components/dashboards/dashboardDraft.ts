// The dashboard being edited: title, description, its cards' places (each with a key of its
// own, since the same card may be placed twice) and its filter definitions. Only what differs
// from the dashboard as read goes into the PATCH, so saving over someone else's change to
// another field (after a 409 "overwrite") keeps theirs.
import type { Dashboard, DashboardFilter, DashboardPatch, LayoutItem } from '../../api/types';

export const GRID_COLUMNS = 12;
export const MAX_ROW = 10000;
export const MAX_HEIGHT = 100;

/** A card's place in the draft: the layout item with every field, plus a key for the grid. */
export interface Placement {
  key: string;
  cardId: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface DashboardDraft {
  title: string;
  description: string;
  layout: Placement[];
  filters: DashboardFilter[];
}

let nextKey = 0;
/** A key no other placement of this page has. */
export function newPlacementKey() {
  nextKey += 1;
  return `p${nextKey}`;
}

export function placementsOf(layout: LayoutItem[]): Placement[] {
  return layout.map((item) => ({
    key: newPlacementKey(),
    cardId: item.cardId,
    x: item.x ?? 0,
    y: item.y ?? 0,
    w: item.w ?? 6,
    h: item.h ?? 4,
  }));
}

export function draftOf(dashboard: Dashboard): DashboardDraft {
  return {
    title: dashboard.title,
    description: dashboard.description,
    layout: placementsOf(dashboard.layout),
    filters: dashboard.filters,
  };
}

export function layoutOf(placements: Placement[]): LayoutItem[] {
  return placements.map(({ cardId, x, y, w, h }) => ({ cardId, x, y, w, h }));
}

/** The fields of `draft` that differ from `dashboard` (without `version`). */
export function changedFields(
  dashboard: Dashboard,
  draft: DashboardDraft,
): Omit<DashboardPatch, 'version'> {
  const change: Omit<DashboardPatch, 'version'> = {};
  const title = draft.title.trim();
  if (title !== dashboard.title) change.title = title;
  if (draft.description !== dashboard.description) change.description = draft.description;
  const layout = layoutOf(draft.layout);
  if (!same(layout, layoutOf(placementsOf(dashboard.layout)))) change.layout = layout;
  if (!same(draft.filters, dashboard.filters)) change.filters = draft.filters;
  return change;
}

/** A new card goes below everything, full width if it is the only one, else half. */
export function withCardAdded(layout: Placement[], cardId: string): Placement[] {
  const bottom = layout.reduce((max, p) => Math.max(max, p.y + p.h), 0);
  const w = layout.length === 0 ? GRID_COLUMNS : GRID_COLUMNS / 2;
  return [...layout, { key: newPlacementKey(), cardId, x: 0, y: bottom, w, h: 4 }];
}

export function withoutPlacement(layout: Placement[], key: string): Placement[] {
  return layout.filter((p) => p.key !== key);
}

function same(a: unknown, b: unknown) {
  return JSON.stringify(a) === JSON.stringify(b);
}
