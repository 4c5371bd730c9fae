import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../api/types';
import { startSession } from '../../auth/session';
import { aUser, errorBody, jsonResponse } from '../../test/fixtures';
import { mockApi, requestsOf } from '../../test/mockApi';
import { renderApp } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const admin = aUser({ userId: 'u-admin', name: 'Admin', role: 'admin' });
const bob = aUser({
  userId: 'u-bob',
  name: 'Bob',
  email: 'bob@example.com',
  role: 'member',
  version: 3,
});

/** The user list as the server keeps it; PATCH and DELETE change it and record the bodies. */
function fakeUsers(initial: User[]) {
  let users = [...initial];
  const bodies: unknown[] = [];
  const fetchMock = mockApi({
    'GET /api/users': () => jsonResponse(200, { items: users, nextCursor: null }),
    'POST /api/users': async (request) => {
      const body = (await request.json()) as { name: string; email: string; role: User['role'] };
      bodies.push(body);
      const created = aUser({ ...body, userId: 'u-new' });
      users.push(created);
      return jsonResponse(201, created);
    },
    'PATCH /api/users/:id': async (request, _url, params) => {
      const body = (await request.json()) as Partial<User>;
      bodies.push(body);
      users = users.map((u) =>
        u.userId === params.id ? { ...u, ...body, version: u.version + 1 } : u,
      );
      return jsonResponse(
        200,
        users.find((u) => u.userId === params.id),
      );
    },
    'DELETE /api/users/:id': (_request, _url, params) => {
      users = users.filter((u) => u.userId !== params.id);
      return new Response(null, { status: 204 });
    },
  });
  return { fetchMock, bodies };
}

function rowOf(email: string) {
  return screen.getByRole('cell', { name: email }).closest('tr')!;
}

describe('UsersAdminPage', () => {
  it('lists users with role and status; the administrator’s own row has no actions', async () => {
    startSession({ token: 't', user: admin });
    fakeUsers([admin, { ...bob, disabled: true }]);
    renderApp({ path: '/admin/users' });
    expect(await screen.findByRole('heading', { name: 'Users' })).toBeVisible();
    await screen.findByText('bob@example.com');
    expect(
      within(rowOf('bob@example.com')).getByRole('combobox', { name: 'Role of Bob' }),
    ).toHaveValue('member');
    expect(rowOf('bob@example.com')).toHaveTextContent('Disabled');
    expect(
      within(rowOf('bob@example.com')).getByRole('button', { name: 'Enable Bob' }),
    ).toBeEnabled();
    expect(within(rowOf('admin@example.com')).getByRole('combobox')).toBeDisabled();
    expect(within(rowOf('admin@example.com')).queryByRole('button')).toBeNull();
  });

  it('creates a user with a generated password and shows it once, to copy', async () => {
    startSession({ token: 't', user: admin });
    const { bodies } = fakeUsers([admin]);
    const writeText = vi.fn(() => Promise.resolve());
    const user = userEvent.setup();
    // After userEvent.setup(), which installs its own clipboard.
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderApp({ path: '/admin/users' });
    await user.click(await screen.findByRole('button', { name: 'New user' }));
    const dialog = screen.getByRole('dialog', { name: 'New user' });
    await user.type(within(dialog).getByLabelText('Name'), 'Carol');
    await user.type(within(dialog).getByLabelText('Email'), 'carol@example.com');
    await user.selectOptions(within(dialog).getByLabelText('Role'), 'admin');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    const shown = await screen.findByRole('dialog', { name: 'User created' });
    const sent = bodies[0] as { name: string; email: string; role: string; password: string };
    expect(sent).toMatchObject({ name: 'Carol', email: 'carol@example.com', role: 'admin' });
    expect(sent.password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(within(shown).getByLabelText('Initial password')).toHaveValue(sent.password);
    await user.click(within(shown).getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(sent.password);
    expect(await within(shown).findByRole('button', { name: 'Copied' })).toBeVisible();

    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await screen.findByText('carol@example.com')).toBeVisible();
    expect(screen.queryByDisplayValue(sent.password)).toBeNull();
  });

  it('keeps a refused creation in the dialog', async () => {
    startSession({ token: 't', user: admin });
    mockApi({
      'GET /api/users': () => jsonResponse(200, { items: [admin], nextCursor: null }),
      'POST /api/users': () => jsonResponse(409, errorBody('conflict', 'email already in use')),
    });
    const user = userEvent.setup();
    renderApp({ path: '/admin/users' });
    await user.click(await screen.findByRole('button', { name: 'New user' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Name'), 'Admin 2');
    await user.type(within(dialog).getByLabelText('Email'), 'admin@example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('email already in use');
    expect(screen.queryByRole('dialog', { name: 'User created' })).toBeNull();
  });

  it('changes a role and disables a user with the version read', async () => {
    startSession({ token: 't', user: admin });
    const { bodies } = fakeUsers([admin, bob]);
    const user = userEvent.setup();
    renderApp({ path: '/admin/users' });
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Role of Bob' }), 'admin');
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Role of Bob' })).toHaveValue('admin'),
    );
    await user.click(screen.getByRole('button', { name: 'Disable Bob' }));
    expect(await screen.findByRole('button', { name: 'Enable Bob' })).toBeVisible();
    expect(bodies).toEqual([
      { role: 'admin', version: 3 },
      { disabled: true, version: 4 },
    ]);
  });

  it('deletes a user after confirmation', async () => {
    startSession({ token: 't', user: admin });
    const { fetchMock } = fakeUsers([admin, bob]);
    const user = userEvent.setup();
    renderApp({ path: '/admin/users' });
    await user.click(await screen.findByRole('button', { name: 'Delete Bob' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete user' });
    expect(dialog).toHaveTextContent('Delete Bob (bob@example.com)?');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByText('bob@example.com')).toBeNull());
    expect(requestsOf(fetchMock)).toContain('DELETE /api/users/u-bob?version=3');
  });

  it('is "not found" for members, without asking the API', async () => {
    startSession({ token: 't', user: aUser({ role: 'member' }) });
    const fetchMock = mockApi({});
    renderApp({ path: '/admin/users' });
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeVisible();
    expect(requestsOf(fetchMock).filter((r) => r.startsWith('GET /api/users'))).toEqual([]);
  });
});
