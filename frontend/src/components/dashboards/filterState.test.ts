// Filter values compared as values, not as JSON text: the API answers object keys in
// alphabetical order, so a saved range {"max":null,"min":3} is the same as {"min":3,"max":null}.
import { describe, expect, it } from 'vitest';
import type { DashboardFilter, FilterView } from '../../api/types';
import { aDashboard } from '../../test/fixtures';
import { sameValues, valuesOfView, withFilterValue, withFilterValues } from './filterState';

const range: DashboardFilter = {
  filterId: 'qty',
  label: 'Quantity',
  column: 'qty',
  kind: 'numeric_range',
  default: { min: 3, max: null },
};
const dates: DashboardFilter = {
  filterId: 'day',
  label: 'Day',
  column: 'day',
  kind: 'date_range',
  default: null,
};

describe('sameValues', () => {
  it('ignores the order of object keys', () => {
    expect(sameValues({ qty: { min: 3, max: null } }, { qty: { max: null, min: 3 } })).toBe(true);
    expect(
      sameValues(
        { day: { from: '2026-01-01', to: '2026-02-01' } },
        {
          day: { to: '2026-02-01', from: '2026-01-01' },
        },
      ),
    ).toBe(true);
  });

  it('takes a null range bound as an absent one', () => {
    expect(sameValues({ qty: { min: 3 } }, { qty: { max: null, min: 3 } })).toBe(true);
    expect(sameValues({ qty: { min: 3 } }, { qty: { max: 0, min: 3 } })).toBe(false);
  });

  it('still tells different values apart', () => {
    expect(sameValues({ qty: { min: 3, max: null } }, { qty: { max: 4, min: 3 } })).toBe(false);
    expect(sameValues({ qty: { min: 3 } }, { qty: { min: '3' } as never })).toBe(false);
    expect(sameValues({ cat: ['A', 'B'] }, { cat: ['A'] })).toBe(false);
    expect(sameValues({ cat: ['A', 'B'] }, { cat: ['A', 'B'] })).toBe(true);
    expect(sameValues({ region: null }, { region: 'Tokyo' })).toBe(false);
    expect(sameValues({ region: null }, {})).toBe(true);
    expect(sameValues({ qty: { min: 3, max: null } }, { qty: null })).toBe(false);
    expect(sameValues({ cat: [] }, { cat: {} as never })).toBe(false);
  });

  it('recognises a saved range view whose keys came back sorted as the current filters', () => {
    const dashboard = aDashboard({ filters: [range, dates] });
    const saved: FilterView = {
      filterViewId: 'v-1',
      dashboardId: 'd-1',
      name: 'Big orders',
      values: { qty: { max: null, min: 10 }, day: { to: null, from: '2026-01-01' } },
      shared: false,
      ownerId: 'u-1',
      createdAt: 0,
      updatedAt: 0,
      version: 1,
    };
    const current = { qty: { min: 10, max: null }, day: { from: '2026-01-01', to: null } };
    expect(sameValues(valuesOfView(dashboard, saved), current)).toBe(true);
  });
});

describe('withFilterValue', () => {
  it('leaves a value equal to the default out of the address whatever its key order', () => {
    const params = withFilterValue(new URLSearchParams('f.qty=5'), range, { max: null, min: 3 });
    expect(params.has('f.qty')).toBe(false);
    const all = withFilterValues(new URLSearchParams('x=1'), [range, dates], {
      qty: { max: null, min: 3 },
      day: null,
    });
    expect(all.toString()).toBe('x=1');
  });

  it('keeps a value that differs from the default', () => {
    const params = withFilterValue(new URLSearchParams(), range, { max: 9, min: 3 });
    expect(JSON.parse(params.get('f.qty')!)).toEqual({ min: 3, max: 9 });
  });
});
