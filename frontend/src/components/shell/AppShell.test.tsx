import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getSession, startSession } from '../../auth/session';
import { aUser, jsonResponse } from '../../test/fixtures';
import { mockApi, requestsOf } from '../../test/mockApi';
import { renderApp } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

describe('AppShell', () => {
  it('links Datasets and Cards and marks the current one', async () => {
    startSession({ token: 't', user: aUser() });
    mockApi({ 'GET /api/datasets': () => jsonResponse(200, { items: [], nextCursor: null }) });
    renderApp({ path: '/datasets' });
    expect(await screen.findByRole('link', { name: 'Datasets' })).toHaveClass('active');
    expect(screen.getByRole('link', { name: 'Cards' })).toHaveAttribute('href', '/cards');
  });

  it('switches the language of the whole page', async () => {
    startSession({ token: 't', user: aUser() });
    mockApi({ 'GET /api/datasets': () => jsonResponse(200, { items: [], nextCursor: null }) });
    const user = userEvent.setup();
    renderApp({ path: '/datasets' });
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Language' }), 'ja');
    expect(screen.getByRole('link', { name: 'データセット' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'データセット' })).toBeInTheDocument();
    expect(localStorage.getItem('bi.language')).toBe('ja');
  });

  it('logs out from the user menu: revokes the token and returns to login', async () => {
    startSession({ token: 'tok', user: aUser({ name: 'Demo Admin' }) });
    const fetchMock = mockApi({
      'GET /api/datasets': () => jsonResponse(200, { items: [], nextCursor: null }),
      'POST /api/auth/logout': () => new Response(null, { status: 204 }),
    });
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/datasets' });
    await user.click(await screen.findByRole('button', { name: 'Demo Admin' }));
    await user.click(screen.getByRole('menuitem', { name: 'Log out' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe('');
    expect(requestsOf(fetchMock)).toContain('POST /api/auth/logout');
    expect(getSession()).toBeNull();
    expect(sessionStorage.getItem('bi.session')).toBeNull();
  });
});

describe('navigation by role', () => {
  const emptyDatasets = () => jsonResponse(200, { items: [], nextCursor: null });

  it('offers "Shared with me" to everyone and administration only to administrators', async () => {
    startSession({ token: 't', user: aUser({ role: 'member' }) });
    mockApi({ 'GET /api/datasets': emptyDatasets });
    renderApp({ path: '/datasets' });
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Shared with me' })).toHaveAttribute(
      'href',
      '/shared',
    );
    expect(within(nav).queryByRole('link', { name: 'Users' })).toBeNull();
    expect(within(nav).queryByRole('link', { name: 'Groups' })).toBeNull();
  });

  it('links the administration pages for administrators', async () => {
    startSession({ token: 't', user: aUser({ role: 'admin' }) });
    mockApi({ 'GET /api/datasets': emptyDatasets });
    renderApp({ path: '/datasets' });
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Users' })).toHaveAttribute(
      'href',
      '/admin/users',
    );
    expect(within(nav).getByRole('link', { name: 'Groups' })).toHaveAttribute(
      'href',
      '/admin/groups',
    );
  });
});

describe('the signed-in user', () => {
  it('is read again when the app opens, so a changed name shows', async () => {
    startSession({ token: 't', user: aUser({ name: 'Old Name' }) });
    mockApi({
      'GET /api/datasets': () => jsonResponse(200, { items: [], nextCursor: null }),
      'GET /api/auth/me': () => jsonResponse(200, aUser({ name: 'New Name', version: 2 })),
    });
    renderApp({ path: '/datasets' });
    expect(await screen.findByRole('button', { name: 'New Name' })).toBeInTheDocument();
    expect(getSession()?.user.name).toBe('New Name');
    expect(getSession()?.token).toBe('t');
  });
});
