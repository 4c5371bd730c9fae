import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSession } from '../../auth/session';
import { aCard, aDashboard, aUser, errorBody, jsonResponse } from '../../test/fixtures';
import { mockApi } from '../../test/mockApi';
import { renderApp } from '../../test/render';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const dashboard = aDashboard({
  dashboardId: 'd-1',
  title: '売上ダッシュボード',
  permission: 'view',
  ownerId: 'u-other',
  layout: [
    { cardId: 'c-kpi', x: 0, y: 0, w: 4, h: 2 },
    { cardId: 'c-md', x: 4, y: 0, w: 8, h: 2 },
    { cardId: 'c-bad', x: 0, y: 2, w: 6, h: 4 },
    { cardId: 'c-slow', x: 6, y: 2, w: 6, h: 4 },
  ],
});

const cards = {
  'c-kpi': aCard({ cardId: 'c-kpi', title: '売上合計', display: { prefix: '¥' } }),
  'c-md': aCard({ cardId: 'c-md', title: 'Notes' }),
  'c-bad': aCard({ cardId: 'c-bad', title: 'Broken' }),
  'c-slow': aCard({ cardId: 'c-slow', title: 'Slow' }),
};

function success(cardId: string, result: unknown, cached: boolean, ageSeconds: number) {
  return {
    status: 200,
    cardId,
    cached,
    cachedAt: Date.UTC(2026, 10, 3),
    ageSeconds,
    result,
    stdout: '',
    stdoutTruncated: false,
    executionTimeMs: 12,
    loadTimeMs: 3,
  };
}

function runAnswer(fresh: boolean) {
  return {
    dashboardId: 'd-1',
    filters: {},
    cards: [
      success('c-kpi', { kind: 'kpi', value: 1234, text: '1234' }, !fresh, fresh ? 0 : 180),
      success('c-md', { kind: 'markdown', text: '# Hello **world**' }, false, 0),
      {
        cardId: 'c-bad',
        status: 422,
        error: {
          code: 'user_code_error',
          message: "KeyError: 'nope'",
          details: { traceback: 'Traceback...\n  File "<card>", line 2\nKeyError' },
        },
      },
      {
        cardId: 'c-slow',
        status: 408,
        error: { code: 'timeout', message: 'timed out', details: { timeoutSeconds: 10 } },
      },
    ],
  };
}

function mockDashboard(runs: { body: unknown }[], shown: typeof dashboard = dashboard) {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const fetchMock = mockApi({
    'GET /api/dashboards/:id': (_r, _u, { id }) =>
      id === 'd-1'
        ? jsonResponse(200, shown)
        : jsonResponse(404, errorBody('not_found', 'no such dashboard')),
    'GET /api/cards/:id': (_r, _u, { id }) => jsonResponse(200, cards[id as keyof typeof cards]),
    'POST /api/dashboards/:id/run': async (request) => {
      runs.push({ body: await request.json() });
      if (runs.length === 1) await gate;
      return jsonResponse(200, runAnswer(runs.length > 1));
    },
  });
  return { fetchMock, release };
}

describe('DashboardPage', () => {
  it('runs every card once and shows each result, error or timeout on its own', async () => {
    startSession({ token: 't', user: aUser({ userId: 'u-me', role: 'member' }) });
    const runs: { body: unknown }[] = [];
    const { release } = mockDashboard(runs);
    renderApp({ path: '/dashboards/d-1' });

    expect(await screen.findByRole('heading', { name: '売上ダッシュボード' })).toBeInTheDocument();
    expect(screen.getByText('Can view')).toBeInTheDocument();
    const kpi = await screen.findByRole('article', { name: '売上合計' });
    expect(within(kpi).getByRole('status')).toHaveTextContent('Running…');
    expect(kpi).toHaveStyle({ '--dashboard-x': '1', '--dashboard-w': '4' });
    release();

    expect(await within(kpi).findByText('¥1,234')).toBeInTheDocument();
    expect(within(kpi).getByText('Cached, 3 min old')).toBeInTheDocument();
    const md = screen.getByRole('article', { name: 'Notes' });
    expect(within(md).getByRole('heading', { name: 'Hello world' })).toBeInTheDocument();
    expect(within(md).getByText('Just run')).toBeInTheDocument();
    const bad = screen.getByRole('article', { name: 'Broken' });
    expect(within(bad).getByText('The code raised an error on line 2.')).toBeInTheDocument();
    expect(within(bad).getByText("KeyError: 'nope'")).toBeInTheDocument();
    const slow = screen.getByRole('article', { name: 'Slow' });
    expect(
      within(slow).getByText('The card did not finish within 10 seconds and was stopped.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Oldest result: 3 min')).toBeInTheDocument();
    expect(runs).toEqual([{ body: { noCache: false } }]);
    expect(within(kpi).getByRole('link', { name: '売上合計' })).toHaveAttribute(
      'href',
      '/cards/c-kpi',
    );
    // A viewer neither edits nor shares.
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Share' })).not.toBeInTheDocument();
  });

  it('offers Share to the owner and to administrators', async () => {
    startSession({ token: 't', user: aUser({ userId: 'u-me', role: 'member' }) });
    mockDashboard([], { ...dashboard, permission: 'owner', ownerId: 'u-me' }).release();
    const { unmount } = renderApp({ path: '/dashboards/d-1' });
    expect(await screen.findByRole('button', { name: 'Share' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Edit' })).toBeInTheDocument();
    unmount();
    // Administrators read every dashboard as its owner.
    startSession({ token: 't', user: aUser({ userId: 'u-admin', role: 'admin' }) });
    mockDashboard([], { ...dashboard, permission: 'owner' }).release();
    renderApp({ path: '/dashboards/d-1' });
    expect(await screen.findByRole('button', { name: 'Share' })).toBeInTheDocument();
  });

  it('refreshes every card without the cache', async () => {
    startSession({ token: 't', user: aUser() });
    const runs: { body: unknown }[] = [];
    const { release } = mockDashboard(runs);
    release();
    const user = userEvent.setup();
    renderApp({ path: '/dashboards/d-1' });

    expect(await screen.findByText('Oldest result: 3 min')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('All results are fresh')).toBeInTheDocument();
    const kpi = screen.getByRole('article', { name: '売上合計' });
    expect(within(kpi).getByText('Just run')).toBeInTheDocument();
    await waitFor(() => expect(runs).toHaveLength(2));
    expect(runs[1]).toEqual({ body: { noCache: true } });
  });

  it('says when the dashboard is not there, and speaks Japanese', async () => {
    startSession({ token: 't', user: aUser() });
    mockDashboard([]);
    renderApp({ path: '/dashboards/d-404', language: 'ja' });
    expect(await screen.findByRole('alert')).toHaveTextContent('見つかりません。');
    expect(screen.queryByRole('button', { name: '更新' })).not.toBeInTheDocument();
  });
});
