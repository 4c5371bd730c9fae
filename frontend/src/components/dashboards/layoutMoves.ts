// Moving and resizing a card on the 12-column grid without a pointer (the edit mode's buttons
// and arrow keys). Afterwards the layout goes through react-grid-layout's vertical compaction,
// as after a drag, so cards float up the same way whichever way they were moved.
import { verticalCompactor, type Layout } from 'react-grid-layout/core';
import { GRID_COLUMNS, MAX_HEIGHT, MAX_ROW, type Placement } from './dashboardDraft';

export type Move = 'left' | 'right' | 'up' | 'down';
export type Resize = 'wider' | 'narrower' | 'taller' | 'shorter';

/** The grid library's layout for the draft's placements (key as the item id). */
export function gridLayoutOf(layout: Placement[]): Layout {
  return layout.map(({ key, x, y, w, h }) => ({ i: key, x, y, w, h }));
}

/** The draft's placements after the grid library changed positions or sizes. */
export function placementsFromGrid(layout: Placement[], grid: Layout): Placement[] {
  const byKey = new Map(grid.map((item) => [item.i, item]));
  return layout.map((p) => {
    const item = byKey.get(p.key);
    if (!item) return p;
    return {
      ...p,
      x: clamp(item.x, 0, GRID_COLUMNS - 1),
      y: clamp(item.y, 0, MAX_ROW),
      w: clamp(item.w, 1, GRID_COLUMNS),
      h: clamp(item.h, 1, MAX_HEIGHT),
    };
  });
}

/** Compacts upwards, as the grid does after every drag. */
export function compacted(layout: Placement[]): Placement[] {
  return placementsFromGrid(layout, verticalCompactor.compact(gridLayoutOf(layout), GRID_COLUMNS));
}

/**
 * One step left, right, up or down. Cards float to the top (vertical compaction), so "up"
 * swaps places with the card above and "down" is the card below moving up past this one.
 */
export function moved(layout: Placement[], key: string, move: Move): Placement[] {
  const current = compacted(layout);
  const item = current.find((p) => p.key === key);
  if (!item) return layout;
  if (move === 'left' || move === 'right') {
    const x =
      move === 'left' ? Math.max(0, item.x - 1) : Math.min(GRID_COLUMNS - item.w, item.x + 1);
    if (x === item.x) return layout;
    return compacted(current.map((p) => (p.key === key ? { ...p, x } : p)));
  }
  if (move === 'down') {
    const below = current
      .filter((o) => o.key !== key && o.y >= item.y + item.h && overlapsColumns(o, item))
      .sort((a, b) => a.y - b.y || a.x - b.x)[0];
    return below ? moved(current, below.key, 'up') : layout;
  }
  const above = current
    .filter((o) => o.key !== key && o.y + o.h <= item.y && overlapsColumns(o, item))
    .sort((a, b) => b.y + b.h - (a.y + a.h) || a.x - b.x)[0];
  if (!above) return layout;
  // Take the place of the card above; it and everything under it in these columns go down.
  return compacted(
    current.map((p) => {
      if (p.key === key) return { ...p, y: above.y };
      if (p.y >= above.y && overlapsColumns(p, item)) return { ...p, y: p.y + item.h };
      return p;
    }),
  );
}

export function resized(layout: Placement[], key: string, resize: Resize): Placement[] {
  const next = layout.map((p) => {
    if (p.key !== key) return p;
    if (resize === 'wider') return { ...p, w: Math.min(GRID_COLUMNS - p.x, p.w + 1) };
    if (resize === 'narrower') return { ...p, w: Math.max(1, p.w - 1) };
    if (resize === 'taller') return { ...p, h: Math.min(MAX_HEIGHT, p.h + 1) };
    return { ...p, h: Math.max(1, p.h - 1) };
  });
  return compacted(next);
}

function overlapsColumns(a: { x: number; w: number }, b: { x: number; w: number }) {
  return a.x < b.x + b.w && b.x < a.x + a.w;
}

function clamp(n: number, lo: number, hi: number) {
  return Math.min(hi, Math.max(lo, Math.round(n)));
}
