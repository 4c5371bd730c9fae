import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DashboardPatch } from '../../api/types';
import { startSession } from '../../auth/session';
import { aCard, aColumn, aDashboard, aDataset, aUser, jsonResponse } from '../../test/fixtures';
import { mockApi, requestsOf } from '../../test/mockApi';
import { renderApp } from '../../test/render';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function mockWithDatasets() {
  const patches: DashboardPatch[] = [];
  const dashboard = aDashboard({
    dashboardId: 'd-1',
    layout: [
      { cardId: 'c-1', x: 0, y: 0, w: 6, h: 4 },
      { cardId: 'c-2', x: 6, y: 0, w: 6, h: 4 },
    ],
    filters: [{ filterId: 'f1', label: 'Region', column: 'region', kind: 'select', default: null }],
  });
  const fetchMock = mockApi({
    'GET /api/dashboards/:id': () => jsonResponse(200, dashboard),
    'PATCH /api/dashboards/:id': async (request) => {
      const patch = (await request.json()) as DashboardPatch;
      patches.push(patch);
      return jsonResponse(200, { ...dashboard, ...patch, version: 2 });
    },
    'GET /api/cards/:id': (_r, _u, { id }) =>
      jsonResponse(
        200,
        id === 'c-1'
          ? aCard({ cardId: 'c-1', title: 'Sales', datasetId: 'ds-1' })
          : aCard({
              cardId: 'c-2',
              title: 'Visits',
              datasetId: 'ds-2',
              extraDatasets: { extra: 'ds-1' },
            }),
      ),
    'GET /api/datasets/:id': (_r, _u, { id }) =>
      jsonResponse(
        200,
        id === 'ds-1'
          ? aDataset({
              datasetId: 'ds-1',
              schema: [
                aColumn({ name: 'region', type: 'string' }),
                aColumn({ name: 'amount', type: 'int64' }),
              ],
            })
          : aDataset({
              datasetId: 'ds-2',
              schema: [
                aColumn({ name: 'region', type: 'string' }),
                aColumn({ name: 'day', type: 'date' }),
              ],
            }),
      ),
    'GET /api/dashboards/:id/filter-views': () => jsonResponse(200, { items: [] }),
    'GET /api/dashboards/:id/filters/:filterId/values': (_r, _u, { filterId }) =>
      jsonResponse(200, { filterId, column: 'region', values: ['East'], truncated: false }),
    'POST /api/dashboards/:id/run': () =>
      jsonResponse(200, { dashboardId: 'd-1', filters: {}, cards: [] }),
  });
  return { fetchMock, patches };
}

describe('defining filters in edit mode', () => {
  it('offers the columns of the cards’ datasets, suggests a kind, and saves the definitions', async () => {
    startSession({ token: 't', user: aUser() });
    const { fetchMock, patches } = mockWithDatasets();
    const user = userEvent.setup();
    renderApp({ path: '/dashboards/d-1' });
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const editor = await screen.findByRole('region', { name: 'Filters' });
    const first = within(editor).getByRole('group', { name: 'Filter 1' });
    expect(within(first).getByRole('textbox', { name: 'Label' })).toHaveValue('Region');

    const add = within(editor).getByRole('button', { name: 'Add filter' });
    await waitFor(() => expect(add).toBeEnabled());
    await user.click(add);
    const second = within(editor).getByRole('group', { name: 'Filter 2' });
    const column = within(second).getByRole('combobox', { name: 'Column' });
    // Each column once, from the card's dataset and the other card's main and extra datasets.
    expect(
      within(column)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['region (string)', 'amount (int64)', 'day (date)']);
    await user.selectOptions(column, 'amount');
    expect(within(second).getByRole('combobox', { name: 'Kind' })).toHaveValue('numeric_range');
    const label = within(second).getByRole('textbox', { name: 'Label' });
    expect(label).toHaveValue('amount');
    await user.clear(label);
    await user.type(label, 'Amount');
    await user.type(within(second).getByRole('spinbutton', { name: 'Default: Min' }), '10');

    await user.click(add);
    const third = within(editor).getByRole('group', { name: 'Filter 3' });
    await user.selectOptions(within(third).getByRole('combobox', { name: 'Column' }), 'day');
    expect(within(third).getByRole('combobox', { name: 'Kind' })).toHaveValue('date_range');
    await user.selectOptions(within(third).getByRole('combobox', { name: 'Column' }), 'region');
    await user.selectOptions(
      within(third).getByRole('combobox', { name: 'Kind' }),
      'Select several',
    );
    await user.type(
      within(third).getByRole('textbox', { name: 'Default values (comma separated)' }),
      'East, West{Enter}',
    );

    await user.click(within(first).getByRole('button', { name: 'Remove filter Region' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toEqual({
      filters: [
        {
          filterId: 'f2',
          label: 'Amount',
          column: 'amount',
          kind: 'numeric_range',
          default: { min: 10, max: null },
        },
        {
          filterId: 'f3',
          label: 'region',
          column: 'region',
          kind: 'multi_select',
          default: ['East', 'West'],
        },
      ],
      version: 1,
    });
    expect(requestsOf(fetchMock)).toEqual(
      expect.arrayContaining(['GET /api/datasets/ds-1', 'GET /api/datasets/ds-2']),
    );
  });
});
