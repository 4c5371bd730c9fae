import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/render';
import { safeNextPath } from './paths';
import { startSession } from './session';
import { aUser } from '../test/fixtures';

const admin = aUser();

describe('RequireSession', () => {
  it('sends a visitor without a session to login, remembering the page', async () => {
    const { router } = renderApp({ path: '/datasets?x=1' });
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/datasets?x=1')}`);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('shows the shell to a signed-in user', async () => {
    startSession({ token: 't', user: admin });
    renderApp({ path: '/cards' });
    expect(await screen.findByRole('navigation', { name: 'Main navigation' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Admin' })).toBeInTheDocument();
  });
});

describe('safeNextPath', () => {
  it('keeps paths of this app and refuses other hosts', () => {
    expect(safeNextPath('/datasets/abc')).toBe('/datasets/abc');
    expect(safeNextPath('//evil.example')).toBe('/');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath(null)).toBe('/');
  });
});
