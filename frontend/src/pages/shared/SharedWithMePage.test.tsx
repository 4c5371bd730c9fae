import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSession } from '../../auth/session';
import { aDashboard, aUser, errorBody, jsonResponse } from '../../test/fixtures';
import { mockApi, requestsOf } from '../../test/mockApi';
import { renderApp } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const member = aUser({ userId: 'u-me', name: 'Me', role: 'member' });

describe('SharedWithMePage', () => {
  it('lists shared dashboards with owner, my permission and a link', async () => {
    startSession({ token: 't', user: member });
    const fetchMock = mockApi({
      'GET /api/shared-with-me': () =>
        jsonResponse(200, {
          items: [
            aDashboard({
              dashboardId: 'd-1',
              title: 'Sales',
              ownerId: 'u-ann',
              permission: 'edit',
            }),
            aDashboard({
              dashboardId: 'd-2',
              title: 'Costs',
              ownerId: 'u-gone',
              permission: 'view',
            }),
          ],
        }),
      'GET /api/directory/users/:id': (_r, _u, params) =>
        params.id === 'u-ann'
          ? jsonResponse(200, { userId: 'u-ann', name: 'Ann', email: 'ann@example.com' })
          : jsonResponse(404, errorBody('not_found', 'user not found')),
    });
    renderApp({ path: '/shared' });
    expect(await screen.findByRole('heading', { name: 'Shared with me' })).toBeVisible();
    expect(await screen.findByRole('link', { name: 'Sales' })).toHaveAttribute(
      'href',
      '/dashboards/d-1',
    );
    const sales = screen.getByRole('link', { name: 'Sales' }).closest('tr')!;
    expect(await within(sales).findByText('Ann')).toHaveAttribute('title', 'ann@example.com');
    expect(sales).toHaveTextContent('Can edit');
    const costs = screen.getByRole('link', { name: 'Costs' }).closest('tr')!;
    expect(await within(costs).findByText('User u-gone')).toBeVisible();
    expect(costs).toHaveTextContent('Can view');
    expect(requestsOf(fetchMock)).toContain('GET /api/shared-with-me');
  });

  it('says when nothing is shared, in Japanese', async () => {
    startSession({ token: 't', user: member });
    mockApi({ 'GET /api/shared-with-me': () => jsonResponse(200, { items: [] }) });
    renderApp({ path: '/shared', language: 'ja' });
    expect(await screen.findByText('共有されたものはまだありません。')).toBeVisible();
  });
});
