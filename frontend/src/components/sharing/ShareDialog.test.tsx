import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Share } from '../../api/shares';
import { startSession } from '../../auth/session';
import { aDashboard, aUser, errorBody, jsonResponse } from '../../test/fixtures';
import { mockApi, requestsOf } from '../../test/mockApi';
import { renderWithProviders } from '../../test/render';
import { ShareButton } from './ShareButton';

afterEach(() => vi.unstubAllGlobals());

const owner = aUser({ userId: 'u-owner', name: 'Owner', role: 'member' });

function aShare(overrides: Partial<Share> = {}): Share {
  return {
    shareId: 's-1',
    dashboardId: 'd-1',
    targetType: 'user',
    targetId: 'u-bob',
    targetLabel: 'bob@example.com',
    permission: 'view',
    createdBy: 'u-owner',
    createdAt: Date.UTC(2026, 10, 1),
    version: 1,
    ...overrides,
  };
}

/** A fake API holding the dashboard's shares, changed by POST and DELETE as the server does. */
function fakeShares(initial: Share[]) {
  let shares = [...initial];
  const posted: unknown[] = [];
  const fetchMock = mockApi({
    'GET /api/dashboards/:id/shares': () => jsonResponse(200, { items: shares }),
    'POST /api/dashboards/:id/shares': async (request) => {
      const body = (await request.json()) as Pick<Share, 'targetType' | 'targetId' | 'permission'>;
      posted.push(body);
      const existing = shares.find(
        (s) => s.targetType === body.targetType && s.targetId === body.targetId,
      );
      if (existing) {
        existing.permission = body.permission;
        return jsonResponse(200, existing);
      }
      const label = body.targetType === 'group' ? 'Sales' : 'carol@example.com';
      const created = aShare({ ...body, shareId: `s-${shares.length + 1}`, targetLabel: label });
      shares.push(created);
      return jsonResponse(201, created);
    },
    'DELETE /api/dashboards/:id/shares/:shareId': (_r, _u, params) => {
      shares = shares.filter((s) => s.shareId !== params.shareId);
      return new Response(null, { status: 204 });
    },
    'GET /api/directory': (_r, url) =>
      jsonResponse(
        200,
        url.searchParams.get('q') === 'sa'
          ? {
              users: [{ userId: 'u-carol', name: 'Carol Sato', email: 'carol@example.com' }],
              groups: [{ groupId: 'g-sales', name: 'Sales' }],
            }
          : { users: [], groups: [] },
      ),
  });
  return { fetchMock, posted };
}

async function openDialog(language: 'en' | 'ja' = 'en') {
  const user = userEvent.setup();
  renderWithProviders(<ShareButton dashboard={aDashboard({ ownerId: 'u-owner' })} />, {
    language,
  });
  await user.click(screen.getByRole('button', { name: language === 'en' ? 'Share' : '共有' }));
  return { user, dialog: await screen.findByRole('dialog') };
}

describe('ShareButton', () => {
  it('is offered to the owner', () => {
    startSession({ token: 't', user: owner });
    renderWithProviders(<ShareButton dashboard={aDashboard({ permission: 'owner' })} />);
    expect(screen.getByRole('button', { name: 'Share' })).toBeInTheDocument();
  });

  it('is offered to an administrator on someone else’s dashboard', () => {
    startSession({ token: 't', user: aUser({ role: 'admin' }) });
    renderWithProviders(<ShareButton dashboard={aDashboard({ permission: 'view' })} />);
    expect(screen.getByRole('button', { name: 'Share' })).toBeInTheDocument();
  });

  it('is not there for editors or viewers', () => {
    startSession({ token: 't', user: aUser({ role: 'member' }) });
    const { container } = renderWithProviders(
      <>
        <ShareButton dashboard={aDashboard({ permission: 'edit' })} />
        <ShareButton dashboard={aDashboard({ permission: 'view' })} />
      </>,
    );
    expect(screen.queryByRole('button')).toBeNull();
    expect(container).toBeEmptyDOMElement();
  });
});

describe('ShareDialog', () => {
  it('lists the shares with their kind and permission', async () => {
    startSession({ token: 't', user: owner });
    fakeShares([
      aShare(),
      aShare({
        shareId: 's-2',
        targetType: 'group',
        targetId: 'g-1',
        targetLabel: 'Finance',
        permission: 'edit',
      }),
    ]);
    const { dialog } = await openDialog();
    expect(
      within(dialog).getByRole('heading', { name: 'Share “売上ダッシュボード”' }),
    ).toBeVisible();
    expect(
      await within(dialog).findByRole('combobox', { name: 'Permission of bob@example.com' }),
    ).toHaveValue('view');
    expect(within(dialog).getByRole('combobox', { name: 'Permission of Finance' })).toHaveValue(
      'edit',
    );
    const rows = within(dialog).getAllByRole('listitem');
    expect(rows[0]).toHaveTextContent('User');
    expect(rows[1]).toHaveTextContent('Group');
  });

  it('says when nothing is shared yet, in Japanese too', async () => {
    startSession({ token: 't', user: owner });
    fakeShares([]);
    const { dialog } = await openDialog('ja');
    expect(await within(dialog).findByText('まだ誰とも共有していません。')).toBeVisible();
  });

  it('finds users and groups and adds them with the chosen permission', async () => {
    startSession({ token: 't', user: owner });
    const { fetchMock, posted } = fakeShares([]);
    const { user, dialog } = await openDialog();
    await within(dialog).findByText('Not shared with anyone yet.');

    await user.selectOptions(within(dialog).getByLabelText('Permission to give'), 'edit');
    await user.type(within(dialog).getByRole('searchbox', { name: 'Find users or groups' }), 'sa');
    await user.click(await within(dialog).findByRole('button', { name: 'Share with Sales' }));

    expect(
      await within(dialog).findByRole('combobox', { name: 'Permission of Sales' }),
    ).toHaveValue('edit');
    expect(posted).toEqual([{ targetType: 'group', targetId: 'g-sales', permission: 'edit' }]);
    // The search waited for the typing to pause: one request for the whole word.
    expect(requestsOf(fetchMock).filter((r) => r.startsWith('GET /api/directory'))).toEqual([
      'GET /api/directory?q=sa',
    ]);
    // Already shared now: offered no more.
    expect(within(dialog).queryByRole('button', { name: 'Share with Sales' })).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Share with Carol Sato' })).toBeEnabled();
  });

  it('says when nothing matches', async () => {
    startSession({ token: 't', user: owner });
    fakeShares([]);
    const { user, dialog } = await openDialog();
    await user.type(within(dialog).getByRole('searchbox'), 'zz');
    expect(await within(dialog).findByText('No user or group matches “zz”.')).toBeVisible();
  });

  it('changes a permission by sharing with the same target again', async () => {
    startSession({ token: 't', user: owner });
    const { posted } = fakeShares([aShare()]);
    const { user, dialog } = await openDialog();
    const select = await within(dialog).findByRole('combobox', {
      name: 'Permission of bob@example.com',
    });
    await user.selectOptions(select, 'edit');
    await waitFor(() =>
      expect(
        within(dialog).getByRole('combobox', { name: 'Permission of bob@example.com' }),
      ).toHaveValue('edit'),
    );
    expect(posted).toEqual([{ targetType: 'user', targetId: 'u-bob', permission: 'edit' }]);
  });

  it('removes a share', async () => {
    startSession({ token: 't', user: owner });
    const { fetchMock } = fakeShares([aShare()]);
    const { user, dialog } = await openDialog();
    await user.click(
      await within(dialog).findByRole('button', { name: 'Stop sharing with bob@example.com' }),
    );
    expect(await within(dialog).findByText('Not shared with anyone yet.')).toBeVisible();
    expect(requestsOf(fetchMock)).toContain('DELETE /api/dashboards/d-1/shares/s-1');
  });

  it('shows a refused change in the dialog', async () => {
    startSession({ token: 't', user: owner });
    mockApi({
      'GET /api/dashboards/:id/shares': () => jsonResponse(200, { items: [aShare()] }),
      'DELETE /api/dashboards/:id/shares/:shareId': () =>
        jsonResponse(403, errorBody('forbidden', 'only the owner manages shares')),
    });
    const { user, dialog } = await openDialog();
    await user.click(
      await within(dialog).findByRole('button', { name: 'Stop sharing with bob@example.com' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'only the owner manages shares',
    );
  });

  it('closes with Escape and gives focus back to the Share button', async () => {
    startSession({ token: 't', user: owner });
    fakeShares([]);
    const { user } = await openDialog();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Share' })).toHaveFocus();
  });
});
