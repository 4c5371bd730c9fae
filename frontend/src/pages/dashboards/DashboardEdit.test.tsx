import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard, DashboardPatch } from '../../api/types';
import { startSession } from '../../auth/session';
import { aCard, aDashboard, aDataset, aUser, errorBody, jsonResponse } from '../../test/fixtures';
import { mockApi, requestsOf } from '../../test/mockApi';
import { renderApp } from '../../test/render';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const cards = {
  'c-1': aCard({ cardId: 'c-1', title: 'Sales' }),
  'c-2': aCard({ cardId: 'c-2', title: 'Costs' }),
  'c-3': aCard({ cardId: 'c-3', title: 'Margin' }),
  'c-shared': aCard({ cardId: 'c-shared', title: 'Their card', readOnly: true }),
};

function kpi(cardId: string) {
  return {
    status: 200,
    cardId,
    cached: false,
    cachedAt: Date.UTC(2026, 10, 3),
    ageSeconds: 0,
    result: { kind: 'kpi', value: 7, text: '7' },
    stdout: '',
    stdoutTruncated: false,
    executionTimeMs: 1,
    loadTimeMs: 1,
  };
}

/** A fake API around one dashboard that PATCH changes (409 while `conflictAt` is ahead). */
function mockEditable(start: Partial<Dashboard> = {}, conflictAt?: Partial<Dashboard>) {
  let stored = aDashboard({
    dashboardId: 'd-1',
    title: 'Team KPIs',
    permission: 'edit',
    ownerId: 'u-other',
    layout: [
      { cardId: 'c-1', x: 0, y: 0, w: 6, h: 4 },
      { cardId: 'c-2', x: 6, y: 0, w: 6, h: 4 },
    ],
    ...start,
  });
  let theirs = conflictAt ? { ...stored, ...conflictAt } : null;
  const patches: DashboardPatch[] = [];
  const created: unknown[] = [];
  let reads = 0;
  const fetchMock = mockApi({
    // The page's first read is version 1; their newer version shows from the next read on.
    'GET /api/dashboards/:id': () => jsonResponse(200, reads++ === 0 ? stored : (theirs ?? stored)),
    'PATCH /api/dashboards/:id': async (request) => {
      const patch = (await request.json()) as DashboardPatch;
      patches.push(patch);
      const current = theirs ?? stored;
      if (patch.version !== current.version)
        return jsonResponse(
          409,
          errorBody('conflict', 'the dashboard changed', { currentVersion: current.version }),
        );
      stored = { ...current, ...patch, version: current.version + 1 } as Dashboard;
      theirs = null;
      return jsonResponse(200, stored);
    },
    'GET /api/cards': () => jsonResponse(200, { items: Object.values(cards) }),
    'POST /api/cards': async (request) => {
      const body = (await request.json()) as { title: string };
      created.push(body);
      return jsonResponse(201, aCard({ ...body, cardId: 'c-new' }));
    },
    'GET /api/cards/:id': (_r, _u, { id }) =>
      id === 'c-new'
        ? jsonResponse(200, aCard({ cardId: 'c-new', title: 'Fresh' }))
        : jsonResponse(200, cards[id as keyof typeof cards]),
    'GET /api/datasets': () => jsonResponse(200, { items: [aDataset()], nextCursor: null }),
    'GET /api/datasets/:id': () => jsonResponse(200, aDataset()),
    'POST /api/dashboards/:id/run': () =>
      jsonResponse(200, {
        dashboardId: 'd-1',
        filters: {},
        cards: stored.layout.map((item) => kpi(item.cardId)),
      }),
  });
  return { fetchMock, patches, created, stored: () => stored };
}

async function startEditing(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Edit' }));
  return screen.findByRole('region', { name: 'Editing' });
}

describe('dashboard edit mode', () => {
  it('is offered to owners and editors only', async () => {
    startSession({ token: 't', user: aUser({ userId: 'u-me', role: 'member' }) });
    mockEditable({ permission: 'view' });
    renderApp({ path: '/dashboards/d-1' });
    expect(await screen.findByRole('article', { name: 'Sales' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
  });

  it('renames, moves and resizes by keyboard, removes, adds a card, and saves with the version', async () => {
    startSession({ token: 't', user: aUser({ userId: 'u-me', role: 'member' }) });
    const { patches, fetchMock } = mockEditable();
    const user = userEvent.setup();
    renderApp({ path: '/dashboards/d-1' });
    await screen.findByRole('article', { name: 'Sales' });
    const editor = await startEditing(user);

    const title = within(editor).getByRole('textbox', { name: 'Dashboard title' });
    await user.clear(title);
    await user.type(title, 'Team numbers');
    expect(within(editor).getByText('Unsaved changes')).toBeInTheDocument();

    await user.click(within(editor).getByRole('button', { name: 'Make Sales narrower' }));
    // Arrow keys on a focused card move it; Shift + arrows resize it.
    const costs = within(editor).getByRole('article', { name: /^Costs: column 7, row 1/ });
    costs.focus();
    await user.keyboard('{ArrowLeft}');
    expect(
      within(editor).getByRole('article', { name: 'Costs: column 6, row 1, 6 wide, 4 high' }),
    ).toHaveFocus();
    await user.keyboard('{Shift>}{ArrowDown}{/Shift}');
    expect(
      within(editor).getByText('Costs: column 6, row 1, 6 wide, 5 high', {
        selector: '[role=status]',
      }),
    ).toBeInTheDocument();
    expect(
      within(editor).getByRole('article', { name: 'Costs: column 6, row 1, 6 wide, 5 high' }),
    ).toBeInTheDocument();
    // Moving into another card pushes it down (as a drag would).
    await user.click(within(editor).getByRole('button', { name: 'Move Costs left' }));
    expect(
      within(editor).getByRole('article', { name: 'Costs: column 5, row 5, 6 wide, 5 high' }),
    ).toBeInTheDocument();
    await user.click(
      within(editor).getByRole('button', { name: 'Remove Costs from the dashboard' }),
    );
    expect(within(editor).queryByRole('article', { name: /^Costs/ })).not.toBeInTheDocument();

    await user.click(within(editor).getByRole('button', { name: 'Add card…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a card' });
    expect(await within(dialog).findByText('Shared (read-only)')).toBeInTheDocument();
    await user.type(within(dialog).getByRole('searchbox', { name: 'Search cards' }), 'marg');
    expect(within(dialog).queryByRole('button', { name: 'Add Sales' })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Add Margin' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      await within(editor).findByRole('article', { name: /^Margin: column 1, row 5/ }),
    ).toBeInTheDocument();
    expect(within(editor).getByText('Save to run this card.')).toBeInTheDocument();

    await user.click(within(editor).getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('heading', { name: 'Team numbers' })).toBeInTheDocument();
    expect(patches).toEqual([
      {
        title: 'Team numbers',
        layout: [
          { cardId: 'c-1', x: 0, y: 0, w: 5, h: 4 },
          { cardId: 'c-3', x: 0, y: 4, w: 6, h: 4 },
        ],
        version: 1,
      },
    ]);
    // The saved dashboard runs again and shows the added card.
    expect(await screen.findByRole('article', { name: 'Margin' })).toBeInTheDocument();
    await waitFor(() =>
      expect(
        requestsOf(fetchMock).filter((r) => r === 'POST /api/dashboards/d-1/run'),
      ).toHaveLength(2),
    );
  });

  it('creates a new card from the dashboard and places it', async () => {
    startSession({ token: 't', user: aUser({ userId: 'u-me', role: 'member' }) });
    const { patches, created } = mockEditable({ layout: [] });
    const user = userEvent.setup();
    renderApp({ path: '/dashboards/d-1', language: 'ja' });
    await user.click(await screen.findByRole('button', { name: '編集' }));
    await user.click(await screen.findByRole('button', { name: 'カードを追加…' }));
    const dialog = await screen.findByRole('dialog', { name: 'カードを追加' });
    await user.type(within(dialog).getByRole('textbox', { name: 'タイトル' }), 'Fresh');
    await waitFor(() =>
      expect(within(dialog).getByRole('combobox', { name: 'データセット' })).toHaveValue('ds-1'),
    );
    await user.click(within(dialog).getByRole('button', { name: '作成して追加' }));
    expect(await screen.findByRole('article', { name: /^Fresh: 列 1、行 1、幅 12/ })).toBeVisible();
    expect(created).toEqual([
      expect.objectContaining({ title: 'Fresh', datasetId: 'ds-1', code: expect.any(String) }),
    ]);
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toEqual({
      layout: [{ cardId: 'c-new', x: 0, y: 0, w: 12, h: 4 }],
      version: 1,
    });
  });

  it('discards the changes on Cancel', async () => {
    startSession({ token: 't', user: aUser() });
    const { patches } = mockEditable();
    const user = userEvent.setup();
    renderApp({ path: '/dashboards/d-1' });
    const editor = await startEditing(user);
    await user.type(within(editor).getByRole('textbox', { name: 'Dashboard title' }), '!!');
    await user.click(within(editor).getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByRole('heading', { name: 'Team KPIs' })).toBeInTheDocument();
    await startEditing(user);
    expect(screen.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Team KPIs');
    expect(patches).toEqual([]);
  });

  it('asks before leaving the page with unsaved changes', async () => {
    startSession({ token: 't', user: aUser() });
    mockEditable();
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/dashboards/d-1' });
    const editor = await startEditing(user);
    await user.type(within(editor).getByRole('textbox', { name: 'Dashboard title' }), '!');
    await user.click(screen.getByRole('link', { name: 'Cards' }));
    const ask = await screen.findByRole('dialog', { name: 'Leave without saving?' });
    await user.click(within(ask).getByRole('button', { name: 'Stay' }));
    expect(router.state.location.pathname).toBe('/dashboards/d-1');
    expect(within(editor).getByRole('textbox', { name: 'Dashboard title' })).toHaveValue(
      'Team KPIs!',
    );
    await user.click(screen.getByRole('link', { name: 'Cards' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Leave' }),
    );
    await waitFor(() => expect(router.state.location.pathname).toBe('/cards'));
  });

  it('on a 409, overwrites with my changes at their version', async () => {
    startSession({ token: 't', user: aUser() });
    const { patches } = mockEditable({}, { title: 'Their title', version: 3 });
    const user = userEvent.setup();
    renderApp({ path: '/dashboards/d-1' });
    // The page read version 1; they saved version 3 meanwhile (the next read sees it).
    const editor = await startEditing(user);
    await user.type(within(editor).getByRole('textbox', { name: 'Dashboard title' }), ' 2');
    await user.click(within(editor).getByRole('button', { name: 'Save' }));
    const alert = await within(editor).findByRole('alert');
    expect(alert).toHaveTextContent('now version 3');
    await user.click(within(alert).getByRole('button', { name: 'Overwrite with mine' }));
    expect(await screen.findByRole('heading', { name: 'Team KPIs 2' })).toBeInTheDocument();
    expect(patches.map((p) => p.version)).toEqual([1, 3]);
    expect(patches[1]).toEqual({ title: 'Team KPIs 2', version: 3 });
  });

  it('on a 409, reloads theirs and drops my changes', async () => {
    startSession({ token: 't', user: aUser() });
    const { patches } = mockEditable({}, { title: 'Their title', version: 3 });
    const user = userEvent.setup();
    renderApp({ path: '/dashboards/d-1', language: 'ja' });
    await user.click(await screen.findByRole('button', { name: '編集' }));
    const title = await screen.findByRole('textbox', { name: 'ダッシュボードのタイトル' });
    await user.type(title, ' 2');
    await user.click(screen.getByRole('button', { name: '保存' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('現在のバージョン 3');
    await user.click(within(alert).getByRole('button', { name: '再読み込み（自分の変更を破棄）' }));
    expect(await screen.findByRole('heading', { name: 'Their title' })).toBeInTheDocument();
    expect(patches).toHaveLength(1);
  });
});
