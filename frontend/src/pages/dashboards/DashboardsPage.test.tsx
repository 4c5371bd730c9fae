import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSession } from '../../auth/session';
import { formatDateTime } from '../../i18n/format';
import { aDashboard, aUser, jsonResponse } from '../../test/fixtures';
import { mockApi } from '../../test/mockApi';
import { renderApp } from '../../test/render';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const mine = aDashboard();
const sharedView = aDashboard({
  dashboardId: 'd-2',
  title: 'Team KPIs',
  ownerId: 'u-other',
  permission: 'view',
  layout: [{ cardId: 'c-9', x: 0, y: 0, w: 12, h: 2 }],
});
const sharedEdit = aDashboard({
  dashboardId: 'd-3',
  title: 'Ops',
  ownerId: 'u-other',
  permission: 'edit',
});

describe('DashboardsPage', () => {
  it('lists my dashboards and those shared with me, with my permission', async () => {
    startSession({ token: 't', user: aUser() });
    mockApi({
      'GET /api/dashboards': () => jsonResponse(200, { items: [mine, sharedView, sharedEdit] }),
    });
    renderApp({ path: '/dashboards' });

    const own = await screen.findByRole('region', { name: 'My dashboards' });
    const row = within(own).getByRole('link', { name: '売上ダッシュボード' }).closest('tr')!;
    expect(within(row).getByRole('link')).toHaveAttribute('href', '/dashboards/d-1');
    expect(within(row).getByText('Owner')).toBeInTheDocument();
    expect(within(row).getByText('2 cards')).toBeInTheDocument();
    expect(within(row).getByText(formatDateTime(mine.updatedAt, 'en'))).toBeInTheDocument();

    const shared = screen.getByRole('region', { name: 'Shared with me' });
    const view = within(shared).getByRole('link', { name: 'Team KPIs' }).closest('tr')!;
    expect(within(view).getByText('Can view')).toBeInTheDocument();
    expect(within(view).getByText('1 card')).toBeInTheDocument();
    const edit = within(shared).getByRole('link', { name: 'Ops' }).closest('tr')!;
    expect(within(edit).getByText('Can edit')).toBeInTheDocument();
    expect(within(own).queryByText('Team KPIs')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Dashboards' })).toHaveAttribute('href', '/dashboards');
  });

  it('says when there is nothing, in Japanese', async () => {
    startSession({ token: 't', user: aUser() });
    mockApi({ 'GET /api/dashboards': () => jsonResponse(200, { items: [sharedView] }) });
    renderApp({ path: '/dashboards', language: 'ja' });
    expect(await screen.findByText('ダッシュボードはまだありません。')).toBeInTheDocument();
    expect(screen.getByText('閲覧のみ')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: '共有されたダッシュボード' })).toBeInTheDocument();
  });
});
