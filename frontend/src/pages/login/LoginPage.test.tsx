import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { endSession, getSession, startSession } from '../../auth/session';
import { aUser, errorBody, jsonResponse } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const fetchMock = vi.fn<(request: Request) => Promise<Response>>();
beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
  // After login the app reads the user and the dataset list.
  fetchMock.mockImplementation(async (request) =>
    new URL(request.url).pathname === '/api/auth/me'
      ? jsonResponse(200, aUser({ name: 'Demo Admin' }))
      : jsonResponse(200, { items: [], nextCursor: null }),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
  fetchMock.mockReset();
});

async function signInAs(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it('signs in, keeps the token for the session and returns to the wanted page', async () => {
    fetchMock.mockImplementationOnce(async () =>
      jsonResponse(200, {
        accessToken: 'tok',
        tokenType: 'Bearer',
        expiresAt: 0,
        expiresIn: 28800,
        user: aUser({ name: 'Demo Admin' }),
      }),
    );
    const { router } = renderApp({ path: '/login?next=%2Fcards' });
    await signInAs('admin@example.com', 'bi-demo-password');

    await waitFor(() => expect(router.state.location.pathname).toBe('/cards'));
    const login = fetchMock.mock.calls[0]![0];
    expect(new URL(login.url).pathname).toBe('/api/auth/login');
    expect(await login.json()).toEqual({
      email: 'admin@example.com',
      password: 'bi-demo-password',
    });
    expect(getSession()?.token).toBe('tok');
    expect(JSON.parse(sessionStorage.getItem('bi.session')!).token).toBe('tok');
    expect(await screen.findByRole('button', { name: 'Demo Admin' })).toBeInTheDocument();
  });

  it('says so when the password is wrong', async () => {
    fetchMock.mockImplementationOnce(async () =>
      jsonResponse(401, errorBody('unauthenticated', 'invalid email or password')),
    );
    renderApp({ path: '/login' });
    await signInAs('admin@example.com', 'wrong-password');
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password.');
    expect(getSession()).toBeNull();
  });

  it('tells how long to wait after too many failures', async () => {
    fetchMock.mockImplementationOnce(async () =>
      jsonResponse(429, errorBody('too_many_requests', 'too many'), { 'Retry-After': '120' }),
    );
    renderApp({ path: '/login' });
    await signInAs('admin@example.com', 'wrong-password');
    expect(await screen.findByRole('alert')).toHaveTextContent('120 seconds');
  });

  it('explains that an expired session ended', () => {
    startSession({ token: 't', user: aUser() });
    endSession('expired');
    renderApp({ path: '/login' });
    expect(screen.getByText('Your session has ended. Please sign in again.')).toBeInTheDocument();
  });

  it('speaks Japanese', () => {
    renderApp({ path: '/login', language: 'ja' });
    expect(screen.getByRole('heading', { name: 'ログイン' })).toBeInTheDocument();
    expect(screen.getByLabelText('メールアドレス')).toBeInTheDocument();
  });
});
