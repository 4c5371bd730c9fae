import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Group, Member } from '../../api/groups';
import { startSession } from '../../auth/session';
import { aUser, errorBody, jsonResponse } from '../../test/fixtures';
import { mockApi, requestsOf } from '../../test/mockApi';
import { renderApp } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const admin = aUser({ userId: 'u-admin', role: 'admin' });
const bob = aUser({ userId: 'u-bob', name: 'Bob', email: 'bob@example.com', role: 'member' });
const carol = aUser({
  userId: 'u-carol',
  name: 'Carol',
  email: 'carol@example.com',
  role: 'member',
});
const gone = aUser({ userId: 'u-gone', name: 'Gone', email: 'gone@example.com', disabled: true });

function aGroup(overrides: Partial<Group> = {}): Group {
  return {
    groupId: 'g-1',
    name: 'Sales',
    description: 'the sellers',
    createdAt: Date.UTC(2026, 10, 1),
    updatedAt: Date.UTC(2026, 10, 2),
    version: 2,
    ...overrides,
  };
}

/** Groups, members and users as the server keeps them; changes record their bodies. */
function fakeGroups({ groups = [aGroup()], members = [] as Member[] } = {}) {
  let groupList = [...groups];
  let memberList = [...members];
  const bodies: unknown[] = [];
  const fetchMock = mockApi({
    'GET /api/users': () =>
      jsonResponse(200, { items: [admin, bob, carol, gone], nextCursor: null }),
    'GET /api/groups': () => jsonResponse(200, { items: groupList, nextCursor: null }),
    'POST /api/groups': async (request) => {
      const body = (await request.json()) as { name: string };
      bodies.push(body);
      const created = aGroup({ groupId: 'g-new', name: body.name, description: '', version: 1 });
      groupList = [...groupList, created];
      return jsonResponse(201, { ...created, memberCount: 0 });
    },
    'GET /api/groups/:id': (_r, _u, params) => {
      const g = groupList.find((x) => x.groupId === params.id);
      return g
        ? jsonResponse(200, { ...g, memberCount: memberList.length })
        : jsonResponse(404, errorBody('not_found', 'group not found'));
    },
    'PATCH /api/groups/:id': async (request, _u, params) => {
      const body = (await request.json()) as { name: string; version: number };
      bodies.push(body);
      const g = groupList.find((x) => x.groupId === params.id)!;
      if (body.version !== g.version) {
        return jsonResponse(409, errorBody('conflict', 'the group has changed'));
      }
      Object.assign(g, { name: body.name, version: g.version + 1 });
      return jsonResponse(200, { ...g, memberCount: memberList.length });
    },
    'DELETE /api/groups/:id': (_r, _u, params) => {
      groupList = groupList.filter((x) => x.groupId !== params.id);
      return new Response(null, { status: 204 });
    },
    'GET /api/groups/:id/members': () => jsonResponse(200, { items: memberList, nextCursor: null }),
    'POST /api/groups/:id/members': async (request) => {
      const body = (await request.json()) as { userId: string };
      bodies.push(body);
      const u = [bob, carol].find((x) => x.userId === body.userId)!;
      const m = { userId: u.userId, name: u.name, email: u.email, addedAt: Date.UTC(2026, 10, 5) };
      memberList = [...memberList, m];
      return jsonResponse(201, m);
    },
    'DELETE /api/groups/:id/members/:userId': (_r, _u, params) => {
      memberList = memberList.filter((m) => m.userId !== params.userId);
      return new Response(null, { status: 204 });
    },
  });
  return { fetchMock, bodies };
}

const bobMember: Member = {
  userId: 'u-bob',
  name: 'Bob',
  email: 'bob@example.com',
  addedAt: Date.UTC(2026, 10, 3),
};

describe('GroupsAdminPage', () => {
  it('lists groups linking to their pages and creates one', async () => {
    startSession({ token: 't', user: admin });
    const { bodies } = fakeGroups();
    const user = userEvent.setup();
    renderApp({ path: '/admin/groups' });
    expect(await screen.findByRole('link', { name: 'Sales' })).toHaveAttribute(
      'href',
      '/admin/groups/g-1',
    );
    await user.type(screen.getByLabelText('New group name'), '  Finance ');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByRole('link', { name: 'Finance' })).toBeVisible();
    expect(bodies).toEqual([{ name: 'Finance' }]);
    expect(screen.getByLabelText('New group name')).toHaveValue('');
  });

  it('shows a refused name (a duplicate) under the form', async () => {
    startSession({ token: 't', user: admin });
    mockApi({
      'GET /api/groups': () => jsonResponse(200, { items: [aGroup()], nextCursor: null }),
      'POST /api/groups': () => jsonResponse(409, errorBody('conflict', 'group name in use')),
    });
    const user = userEvent.setup();
    renderApp({ path: '/admin/groups' });
    await user.type(await screen.findByLabelText('New group name'), 'sales');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('group name in use');
  });

  it('is "not found" for members', async () => {
    startSession({ token: 't', user: bob });
    mockApi({});
    renderApp({ path: '/admin/groups/g-1' });
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeVisible();
  });
});

describe('GroupAdminPage', () => {
  it('renames the group with the version read', async () => {
    startSession({ token: 't', user: admin });
    const { bodies } = fakeGroups();
    const user = userEvent.setup();
    renderApp({ path: '/admin/groups/g-1' });
    const name = await screen.findByLabelText('Group name');
    expect(screen.getByRole('heading', { name: 'Sales' })).toBeVisible();
    await user.clear(name);
    await user.type(name, 'Sales EMEA');
    await user.click(screen.getByRole('button', { name: 'Rename' }));
    expect(await screen.findByRole('heading', { name: 'Sales EMEA' })).toBeVisible();
    expect(bodies).toEqual([{ name: 'Sales EMEA', version: 2 }]);
  });

  it('adds an active non-member and removes a member', async () => {
    startSession({ token: 't', user: admin });
    const { bodies, fetchMock } = fakeGroups({ members: [bobMember] });
    const user = userEvent.setup();
    renderApp({ path: '/admin/groups/g-1' });
    expect(await screen.findByRole('cell', { name: 'bob@example.com' })).toBeVisible();
    expect(screen.getByText('1 member')).toBeVisible();

    const picker = screen.getByLabelText('User to add');
    // Bob is already in, Gone is disabled.
    await waitFor(() =>
      expect(
        within(picker)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['Choose a user…', 'Admin (admin@example.com)', 'Carol (carol@example.com)']),
    );
    await user.selectOptions(picker, 'u-carol');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByRole('cell', { name: 'carol@example.com' })).toBeVisible();
    expect(await screen.findByText('2 members')).toBeVisible();
    expect(bodies).toEqual([{ userId: 'u-carol' }]);

    await user.click(screen.getByRole('button', { name: 'Remove Bob from the group' }));
    await waitFor(() => expect(screen.queryByRole('cell', { name: 'bob@example.com' })).toBeNull());
    expect(requestsOf(fetchMock)).toContain('DELETE /api/groups/g-1/members/u-bob');
  });

  it('deletes the group after confirmation and returns to the list', async () => {
    startSession({ token: 't', user: admin });
    const { fetchMock } = fakeGroups();
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/admin/groups/g-1' });
    await user.click(await screen.findByRole('button', { name: 'Delete group' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete group' });
    expect(dialog).toHaveTextContent('Delete the group Sales?');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/groups'));
    expect(requestsOf(fetchMock)).toContain('DELETE /api/groups/g-1?version=2');
    expect(await screen.findByText('No groups yet.')).toBeVisible();
  });
});
