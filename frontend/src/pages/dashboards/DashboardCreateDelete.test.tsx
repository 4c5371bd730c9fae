// Creating a dashboard from the list (it opens in edit mode) and deleting one from its page.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSession } from '../../auth/session';
import { aDashboard, aUser, errorBody, jsonResponse } from '../../test/fixtures';
import { mockApi, requestsOf } from '../../test/mockApi';
import { renderApp } from '../../test/render';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const emptyRun = { dashboardId: 'd-new', filters: {}, cards: [] };

describe('New dashboard', () => {
  it('creates a dashboard with title and description and opens it in edit mode', async () => {
    startSession({ token: 't', user: aUser() });
    const bodies: unknown[] = [];
    const created = aDashboard({
      dashboardId: 'd-new',
      title: 'Weekly sales',
      description: 'For Monday',
      layout: [],
    });
    const fetchMock = mockApi({
      'GET /api/dashboards': () => jsonResponse(200, { items: [] }),
      'POST /api/dashboards': async (request) => {
        bodies.push(await request.json());
        return jsonResponse(201, created);
      },
      'GET /api/dashboards/:id': () => jsonResponse(200, created),
      'POST /api/dashboards/:id/run': () => jsonResponse(200, emptyRun),
    });
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/dashboards' });

    await user.click(await screen.findByRole('button', { name: 'New dashboard' }));
    const dialog = screen.getByRole('dialog', { name: 'New dashboard' });
    const create = within(dialog).getByRole('button', { name: 'Create' });
    expect(create).toBeDisabled();
    await user.type(within(dialog).getByLabelText('Dashboard title'), '  Weekly sales ');
    await user.type(within(dialog).getByLabelText('Description'), 'For Monday');
    await user.click(create);

    await waitFor(() => expect(router.state.location.pathname).toBe('/dashboards/d-new'));
    expect(bodies).toEqual([{ title: 'Weekly sales', description: 'For Monday' }]);
    // Edit mode: the title field and Save, no Edit button.
    expect(await screen.findByRole('button', { name: 'Save' })).toBeInTheDocument();
    expect(screen.getByLabelText('Dashboard title')).toHaveValue('Weekly sales');
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(requestsOf(fetchMock)).toContain('POST /api/dashboards');
    // Only this visit opens in edit mode: the flag is gone from the history entry.
    await waitFor(() => expect(router.state.location.state).toBeNull());
    expect(screen.getByRole('button', { name: 'Save' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/dashboards/d-new');
  });

  it('keeps the dialog open with the API refusal, in Japanese', async () => {
    startSession({ token: 't', user: aUser() });
    mockApi({
      'GET /api/dashboards': () => jsonResponse(200, { items: [] }),
      'POST /api/dashboards': () =>
        jsonResponse(400, errorBody('bad_request', 'title: longer than 200 characters')),
    });
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/dashboards', language: 'ja' });

    await user.click(await screen.findByRole('button', { name: '新しいダッシュボード' }));
    const dialog = screen.getByRole('dialog', { name: '新しいダッシュボード' });
    await user.type(within(dialog).getByRole('textbox', { name: /タイトル/ }), '週次');
    await user.click(within(dialog).getByRole('button', { name: '作成' }));

    expect(
      await within(dialog).findByText(/title: longer than 200 characters/),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/dashboards');
    await user.click(within(dialog).getByRole('button', { name: 'キャンセル' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

describe('Delete dashboard', () => {
  it('lets the owner delete the dashboard after confirming, then shows the list', async () => {
    startSession({ token: 't', user: aUser({ userId: 'u-1', role: 'member' }) });
    let stored: ReturnType<typeof aDashboard> | null = aDashboard({
      dashboardId: 'd-1',
      title: 'Old numbers',
      ownerId: 'u-1',
      permission: 'owner',
      layout: [],
      version: 4,
    });
    const fetchMock = mockApi({
      'GET /api/dashboards': () => jsonResponse(200, { items: stored ? [stored] : [] }),
      'GET /api/dashboards/:id': () => jsonResponse(200, stored),
      'POST /api/dashboards/:id/run': () => jsonResponse(200, { ...emptyRun, dashboardId: 'd-1' }),
      'DELETE /api/dashboards/:id': () => {
        stored = null;
        return new Response(null, { status: 204 });
      },
    });
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/dashboards/d-1' });

    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete the dashboard' });
    expect(within(dialog).getByText(/Delete “Old numbers”\?/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/dashboards'));
    expect(requestsOf(fetchMock)).toContain('DELETE /api/dashboards/d-1?version=4');
    expect(await screen.findByText('You have no dashboards yet.')).toBeInTheDocument();
  });

  it('shows a conflict in the dialog and stays on the dashboard', async () => {
    startSession({ token: 't', user: aUser({ userId: 'u-1', role: 'member' }) });
    const d = aDashboard({ ownerId: 'u-1', permission: 'owner', layout: [] });
    mockApi({
      'GET /api/dashboards/:id': () => jsonResponse(200, d),
      'POST /api/dashboards/:id/run': () => jsonResponse(200, { ...emptyRun, dashboardId: 'd-1' }),
      'DELETE /api/dashboards/:id': () =>
        jsonResponse(409, errorBody('conflict', 'version mismatch')),
    });
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/dashboards/d-1' });

    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete the dashboard' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(
      await within(dialog).findByText('Someone else changed this in the meantime.'),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/dashboards/d-1');
  });

  it('is not offered to an editor who is not the owner', async () => {
    startSession({ token: 't', user: aUser({ userId: 'u-1', role: 'member' }) });
    const d = aDashboard({ ownerId: 'u-other', permission: 'edit', layout: [] });
    mockApi({
      'GET /api/dashboards/:id': () => jsonResponse(200, d),
      'POST /api/dashboards/:id/run': () => jsonResponse(200, { ...emptyRun, dashboardId: 'd-1' }),
    });
    renderApp({ path: '/dashboards/d-1' });
    expect(await screen.findByRole('button', { name: 'Edit' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
  });
});
