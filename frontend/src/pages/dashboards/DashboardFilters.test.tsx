import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DashboardFilter } from '../../api/types';
import { startSession } from '../../auth/session';
import {
  filterValuesFrom,
  withFilterValue,
  withoutFilterValues,
} from '../../components/dashboards/filterState';
import { aCard, aDashboard, aUser, jsonResponse } from '../../test/fixtures';
import { mockApi, requestsOf } from '../../test/mockApi';
import { renderApp } from '../../test/render';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const filters: DashboardFilter[] = [
  { filterId: 'region', label: 'Region', column: 'region', kind: 'select', default: null },
  { filterId: 'cat', label: 'Category', column: 'category', kind: 'multi_select', default: ['A'] },
  { filterId: 'amount', label: 'Amount', column: 'amount', kind: 'numeric_range', default: null },
  {
    filterId: 'day',
    label: 'Day',
    column: 'day',
    kind: 'date_range',
    default: { from: '2026-01-01', to: null },
  },
];

const dashboard = aDashboard({
  dashboardId: 'd-1',
  layout: [{ cardId: 'c-1', x: 0, y: 0, w: 12, h: 2 }],
  filters,
});

const choices: Record<string, (string | number)[]> = {
  region: ['Osaka', 'Tokyo', 'Yokohama'],
  cat: ['A', 'B', 'C'],
};

function mockFiltered() {
  const runs: unknown[] = [];
  const fetchMock = mockApi({
    'GET /api/dashboards/:id': () => jsonResponse(200, dashboard),
    'GET /api/cards/:id': () => jsonResponse(200, aCard({ cardId: 'c-1', title: 'Sales' })),
    'GET /api/dashboards/:id/filter-views': () => jsonResponse(200, { items: [] }),
    'GET /api/dashboards/:id/filters/:filterId/values': (_r, url, { filterId }) => {
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      const values = (choices[filterId!] ?? []).filter((v) => String(v).toLowerCase().includes(q));
      return jsonResponse(200, { filterId, column: filterId, values, truncated: false });
    },
    'POST /api/dashboards/:id/run': async (request) => {
      const body = (await request.json()) as { filters: unknown };
      runs.push(body);
      return jsonResponse(200, {
        dashboardId: 'd-1',
        filters: body.filters,
        cards: [
          {
            status: 200,
            cardId: 'c-1',
            cached: false,
            cachedAt: Date.UTC(2026, 10, 3),
            ageSeconds: 0,
            result: { kind: 'kpi', value: runs.length, text: String(runs.length) },
            stdout: '',
            stdoutTruncated: false,
            executionTimeMs: 1,
            loadTimeMs: 1,
          },
        ],
      });
    },
  });
  return { fetchMock, runs };
}

describe('dashboard filter bar', () => {
  it('loads select choices, searches them, and reruns with the chosen values in the address', async () => {
    startSession({ token: 't', user: aUser() });
    const { fetchMock, runs } = mockFiltered();
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/dashboards/d-1?f.region=%22Tokyo%22&tab=x' });

    const region = await screen.findByRole('combobox', { name: 'Region' });
    expect(await within(region).findByRole('option', { name: 'Osaka' })).toBeInTheDocument();
    expect(region).toHaveValue('"Tokyo"');
    const category = screen.getByRole('list', { name: 'Category' });
    expect(await within(category).findByRole('checkbox', { name: 'B' })).not.toBeChecked();
    expect(within(category).getByRole('checkbox', { name: 'A' })).toBeChecked();
    expect(screen.getByRole('spinbutton', { name: 'Amount: Min' })).toHaveValue(null);
    expect(screen.getByLabelText('Day: From')).toHaveValue('2026-01-01');
    await waitFor(() => expect(runs).toHaveLength(1));
    expect(runs[0]).toEqual({
      noCache: false,
      filters: { region: 'Tokyo', cat: ['A'], amount: null, day: { from: '2026-01-01', to: null } },
    });

    await user.selectOptions(region, 'Osaka');
    await waitFor(() => expect(runs).toHaveLength(2));
    expect(runs[1]).toMatchObject({ noCache: false, filters: { region: 'Osaka', cat: ['A'] } });
    const params = new URLSearchParams(router.state.location.search);
    expect(params.get('f.region')).toBe('"Osaka"');
    expect(params.get('f.cat')).toBeNull();
    expect(params.get('tab')).toBe('x');
    expect(router.state.historyAction).toBe('REPLACE');

    await user.click(within(category).getByRole('checkbox', { name: 'B' }));
    await waitFor(() => expect(runs).toHaveLength(3));
    expect(runs[2]).toMatchObject({ filters: { region: 'Osaka', cat: ['A', 'B'] } });
    expect(new URLSearchParams(router.state.location.search).get('f.cat')).toBe('["A","B"]');

    await user.type(screen.getByRole('searchbox', { name: 'Search the values of Region' }), 'yok');
    expect(await within(region).findByRole('option', { name: 'Yokohama' })).toBeInTheDocument();
    await waitFor(() =>
      expect(within(region).queryByRole('option', { name: 'Tokyo' })).not.toBeInTheDocument(),
    );
    // The chosen value stays offered while the search hides it.
    expect(within(region).getByRole('option', { name: 'Osaka' })).toBeInTheDocument();
    expect(requestsOf(fetchMock)).toContain(
      'GET /api/dashboards/d-1/filters/region/values?q=yok&limit=100',
    );
  });

  it('applies a numeric range on Enter and resets every filter to its default', async () => {
    startSession({ token: 't', user: aUser() });
    const { runs } = mockFiltered();
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/dashboards/d-1', language: 'ja' });

    const min = await screen.findByRole('spinbutton', { name: 'Amount: 最小' });
    await waitFor(() => expect(runs).toHaveLength(1));
    expect(screen.queryByRole('button', { name: 'フィルターをリセット' })).not.toBeInTheDocument();
    await user.type(min, '10{Enter}');
    await waitFor(() => expect(runs).toHaveLength(2));
    expect(runs[1]).toMatchObject({ filters: { amount: { min: 10, max: null } } });
    expect(new URLSearchParams(router.state.location.search).get('f.amount')).toBe(
      '{"min":10,"max":null}',
    );

    await user.click(screen.getByRole('button', { name: 'フィルターをリセット' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(screen.getByRole('spinbutton', { name: 'Amount: 最小' })).toHaveValue(null);
    expect(runs.at(-1)).toMatchObject({ filters: { amount: null, cat: ['A'] } });
  });
});

describe('filter state in the address', () => {
  it('round-trips values and keeps defaults out of the address', () => {
    let params = new URLSearchParams('other=1');
    params = withFilterValue(params, filters[0]!, 'Tokyo');
    params = withFilterValue(params, filters[2]!, { min: 1, max: 5 });
    params = withFilterValue(params, filters[1]!, ['A']);
    params = withFilterValue(params, filters[3]!, null);
    const reread = new URLSearchParams(params.toString());
    expect(filterValuesFrom(filters, reread)).toEqual({
      region: 'Tokyo',
      cat: ['A'],
      amount: { min: 1, max: 5 },
      day: null,
    });
    expect(reread.has('f.cat')).toBe(false);
    expect(reread.get('f.day')).toBe('null');
    expect(withoutFilterValues(reread).toString()).toBe('other=1');
    expect(filterValuesFrom(filters, new URLSearchParams('f.region=%7Bbroken'))).toMatchObject({
      region: null,
    });
  });
});
