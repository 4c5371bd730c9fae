import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard, FilterView } from '../../api/types';
import { startSession } from '../../auth/session';
import { aCard, aDashboard, aUser, errorBody, jsonResponse } from '../../test/fixtures';
import { mockApi, requestsOf } from '../../test/mockApi';
import { renderApp } from '../../test/render';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function aView(overrides: Partial<FilterView>): FilterView {
  return {
    filterViewId: 'v-1',
    dashboardId: 'd-1',
    name: 'View',
    values: {},
    shared: false,
    ownerId: 'u-me',
    createdAt: Date.UTC(2026, 10, 1),
    updatedAt: Date.UTC(2026, 10, 1),
    version: 1,
    ...overrides,
  };
}

function mockViews(dashboard: Partial<Dashboard>, answers: { patch?: number } = {}) {
  let views = [
    aView({
      filterViewId: 'v-tokyo',
      name: 'Tokyo',
      shared: true,
      ownerId: 'u-other',
      values: { region: 'Tokyo' },
    }),
    aView({ filterViewId: 'v-mine', name: 'Mine', values: { region: 'Osaka', cat: ['B'] } }),
  ];
  const bodies: unknown[] = [];
  const runs: unknown[] = [];
  const fetchMock = mockApi({
    'GET /api/dashboards/:id': () =>
      jsonResponse(
        200,
        aDashboard({
          dashboardId: 'd-1',
          layout: [{ cardId: 'c-1', x: 0, y: 0, w: 12, h: 2 }],
          filters: [
            {
              filterId: 'region',
              label: 'Region',
              column: 'region',
              kind: 'select',
              default: null,
            },
            {
              filterId: 'cat',
              label: 'Category',
              column: 'cat',
              kind: 'multi_select',
              default: ['A'],
            },
          ],
          ...dashboard,
        }),
      ),
    'GET /api/cards/:id': () => jsonResponse(200, aCard({ cardId: 'c-1', title: 'Sales' })),
    'GET /api/dashboards/:id/filters/:filterId/values': (_r, _u, { filterId }) =>
      jsonResponse(200, { filterId, column: filterId, values: ['A', 'B'], truncated: false }),
    'POST /api/dashboards/:id/run': async (request) => {
      runs.push(await request.json());
      return jsonResponse(200, { dashboardId: 'd-1', filters: {}, cards: [] });
    },
    'GET /api/dashboards/:id/filter-views': () => jsonResponse(200, { items: views }),
    'POST /api/dashboards/:id/filter-views': async (request) => {
      const body = (await request.json()) as Partial<FilterView>;
      bodies.push(body);
      const view = aView({ ...body, filterViewId: 'v-new' });
      views = [...views, view];
      return jsonResponse(201, view);
    },
    'PATCH /api/filter-views/:id': async (request, _u, { id }) => {
      const body = (await request.json()) as Partial<FilterView>;
      bodies.push(body);
      if (answers.patch === 403)
        return jsonResponse(403, errorBody('permission_denied', 'only its author'));
      views = views.map((v) => (v.filterViewId === id ? { ...v, ...body, version: 2 } : v));
      return jsonResponse(
        200,
        views.find((v) => v.filterViewId === id),
      );
    },
    'DELETE /api/filter-views/:id': (_r, _u, { id }) => {
      views = views.filter((v) => v.filterViewId !== id);
      return jsonResponse(204, null);
    },
  });
  return { fetchMock, bodies, runs };
}

describe('filter views', () => {
  it('applies a view from the menu, and lets its author rename and delete it', async () => {
    startSession({ token: 't', user: aUser({ userId: 'u-me', role: 'member' }) });
    const { fetchMock, bodies, runs } = mockViews({ permission: 'view', ownerId: 'u-other' });
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/dashboards/d-1' });

    const menu = await screen.findByRole('combobox', { name: 'Filter view' });
    await within(menu).findByRole('option', { name: 'Tokyo (shared)' });
    expect(menu).toHaveValue('');
    expect(within(menu).getByRole('option', { name: 'Mine (only me)' })).toBeInTheDocument();

    await user.selectOptions(menu, 'Tokyo (shared)');
    await waitFor(() =>
      expect(new URLSearchParams(router.state.location.search).get('f.region')).toBe('"Tokyo"'),
    );
    await waitFor(() =>
      expect(runs.at(-1)).toEqual({ noCache: false, filters: { region: 'Tokyo', cat: ['A'] } }),
    );
    expect(menu).toHaveValue('v-tokyo');
    // Someone else's view on someone else's dashboard: nothing to change.
    expect(screen.queryByRole('button', { name: 'Rename view…' })).not.toBeInTheDocument();

    await user.selectOptions(menu, 'Mine (only me)');
    await waitFor(() => expect(menu).toHaveValue('v-mine'));
    expect(new URLSearchParams(router.state.location.search).get('f.cat')).toBe('["B"]');
    await user.click(screen.getByRole('button', { name: 'Rename view…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change the filter view' });
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'Osaka B');
    await user.click(
      within(dialog).getByRole('checkbox', {
        name: 'Share with everyone who can view this dashboard',
      }),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(menu).findByRole('option', { name: 'Osaka B (shared)' }),
    ).toBeInTheDocument();
    expect(bodies).toEqual([{ name: 'Osaka B', shared: true, version: 1 }]);

    await user.click(screen.getByRole('button', { name: 'Delete view' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete the filter view' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() =>
      expect(within(menu).queryByRole('option', { name: /Osaka B/ })).not.toBeInTheDocument(),
    );
    expect(requestsOf(fetchMock)).toContain('DELETE /api/filter-views/v-mine?version=2');
  });

  it('saves the current filters as a new view', async () => {
    startSession({ token: 't', user: aUser({ userId: 'u-me', role: 'member' }) });
    const { bodies } = mockViews({ permission: 'view', ownerId: 'u-other' });
    const user = userEvent.setup();
    renderApp({ path: '/dashboards/d-1?f.region=%22Nagoya%22', language: 'ja' });
    const menu = await screen.findByRole('combobox', { name: 'フィルタービュー' });
    await within(menu).findByRole('option', { name: 'Tokyo（共有）' });
    expect(
      within(menu).getByRole('option', { name: '現在のフィルター（未保存）' }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'ビューとして保存…' }));
    const dialog = await screen.findByRole('dialog', {
      name: '現在のフィルターをビューとして保存',
    });
    await user.type(within(dialog).getByRole('textbox', { name: '名前' }), 'Nagoya{Enter}');
    await waitFor(() => expect(menu).toHaveValue('v-new'));
    expect(bodies).toEqual([
      { name: 'Nagoya', shared: false, values: { region: 'Nagoya', cat: ['A'] } },
    ]);
  });

  it('shows the API’s refusal when a change is not allowed', async () => {
    startSession({ token: 't', user: aUser({ userId: 'u-me', role: 'member' }) });
    // The dashboard's owner may change others' views; here the API refuses anyway.
    mockViews({ permission: 'owner', ownerId: 'u-me' }, { patch: 403 });
    const user = userEvent.setup();
    renderApp({ path: '/dashboards/d-1?f.region=%22Tokyo%22' });
    const menu = await screen.findByRole('combobox', { name: 'Filter view' });
    await waitFor(() => expect(menu).toHaveValue('v-tokyo'));
    await user.click(screen.getByRole('button', { name: 'Rename view…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change the filter view' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), '!');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'You do not have permission to do this.',
    );
  });
});
