import { describe, expect, it } from 'vitest';
import type { Placement } from './dashboardDraft';
import { compacted, moved, resized } from './layoutMoves';

const at = (key: string, x: number, y: number, w: number, h: number): Placement => ({
  key,
  cardId: `c-${key}`,
  x,
  y,
  w,
  h,
});

const places = (layout: Placement[]) =>
  Object.fromEntries(layout.map((p) => [p.key, [p.x, p.y, p.w, p.h]]));

describe('moving cards without a pointer', () => {
  const stacked = [at('a', 0, 0, 12, 4), at('b', 0, 4, 12, 2)];

  it('swaps with the card above on up, and with the card below on down', () => {
    expect(places(moved(stacked, 'b', 'up'))).toEqual({ a: [0, 2, 12, 4], b: [0, 0, 12, 2] });
    expect(places(moved(stacked, 'a', 'down'))).toEqual({ a: [0, 2, 12, 4], b: [0, 0, 12, 2] });
    // Nothing above the top card, nothing below the bottom one.
    expect(moved(stacked, 'a', 'up')).toBe(stacked);
    expect(moved(stacked, 'b', 'down')).toBe(stacked);
  });

  it('moves sideways within the 12 columns', () => {
    const side = [at('a', 0, 0, 4, 2), at('b', 4, 0, 4, 2)];
    expect(places(moved(side, 'b', 'right'))).toMatchObject({ b: [5, 0, 4, 2] });
    expect(moved([at('a', 8, 0, 4, 2)], 'a', 'right')[0]).toMatchObject({ x: 8 });
    expect(moved([at('a', 0, 0, 4, 2)], 'a', 'left')[0]).toMatchObject({ x: 0 });
  });

  it('resizes within the grid and pushes the cards below down', () => {
    const side = [at('a', 8, 0, 4, 2), at('b', 0, 2, 12, 2)];
    expect(resized(side, 'a', 'wider')[0]).toMatchObject({ w: 4 });
    expect(places(resized(side, 'a', 'narrower'))).toMatchObject({ a: [8, 0, 3, 2] });
    expect(places(resized(side, 'a', 'taller'))).toEqual({ a: [8, 0, 4, 3], b: [0, 3, 12, 2] });
    expect(resized([at('a', 0, 0, 1, 1)], 'a', 'shorter')[0]).toMatchObject({ w: 1, h: 1 });
    expect(resized([at('a', 0, 0, 1, 1)], 'a', 'narrower')[0]).toMatchObject({ w: 1, h: 1 });
  });

  it('closes gaps the way the grid does', () => {
    expect(places(compacted([at('a', 0, 5, 6, 2)]))).toEqual({ a: [0, 0, 6, 2] });
  });
});
