import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSession } from '../../auth/session';
import { formatDateTime } from '../../i18n/format';
import { aCard, aDataset, aUser, errorBody, jsonResponse } from '../../test/fixtures';
import { mockApi, requestsOf } from '../../test/mockApi';
import { renderApp } from '../../test/render';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const mine = aCard({ cardId: 'c-1', title: '地域別売上', updatedAt: Date.UTC(2026, 10, 2, 9, 30) });
const shared = aCard({
  cardId: 'c-9',
  title: 'Shared KPI',
  datasetId: 'ds-other',
  ownerId: 'u-other',
  readOnly: true,
  version: 4,
});

describe('CardsPage', () => {
  it('lists own cards and read-only shared ones with their dataset and update time', async () => {
    startSession({ token: 't', user: aUser() });
    mockApi({
      'GET /api/cards': () => jsonResponse(200, { items: [mine, shared] }),
      'GET /api/datasets/:id': (_r, _u, { id }) =>
        id === 'ds-1'
          ? jsonResponse(200, aDataset({ datasetId: 'ds-1', name: '売上' }))
          : jsonResponse(404, errorBody('not_found', 'no such dataset')),
    });
    renderApp({ path: '/cards' });

    const own = (await screen.findByRole('link', { name: '地域別売上' })).closest('tr')!;
    expect(within(own).getByRole('link', { name: '売上' })).toHaveAttribute(
      'href',
      '/datasets/ds-1',
    );
    expect(within(own).getByText(formatDateTime(mine.updatedAt, 'en'))).toBeInTheDocument();
    expect(within(own).getByRole('button', { name: 'Delete: 地域別売上' })).toBeInTheDocument();

    const other = screen.getByRole('link', { name: 'Shared KPI' }).closest('tr')!;
    expect(within(other).getByText('Shared (read-only)')).toBeInTheDocument();
    expect(within(other).queryByRole('button')).not.toBeInTheDocument();
    expect(await within(other).findByText('deleted dataset')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New card' })).toHaveAttribute('href', '/cards/new');
  });

  it('deletes a card after confirmation, with the version it showed', async () => {
    startSession({ token: 't', user: aUser() });
    let items = [mine];
    const fetchMock = mockApi({
      'GET /api/cards': () => jsonResponse(200, { items }),
      'GET /api/datasets/:id': () => jsonResponse(200, aDataset()),
      'DELETE /api/cards/:id': () => {
        items = [];
        return jsonResponse(204, null);
      },
    });
    const user = userEvent.setup();
    renderApp({ path: '/cards' });

    await user.click(await screen.findByRole('button', { name: 'Delete: 地域別売上' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete “地域別売上”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(requestsOf(fetchMock)).not.toContain('DELETE /api/cards/c-1?version=1');

    await user.click(screen.getByRole('button', { name: 'Delete: 地域別売上' }));
    await user.click(screen.getByRole('button', { name: 'Delete card' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(requestsOf(fetchMock)).toContain('DELETE /api/cards/c-1?version=1');
    expect(await screen.findByText(/No cards yet/)).toBeInTheDocument();
  });

  it('speaks Japanese', async () => {
    startSession({ token: 't', user: aUser() });
    mockApi({
      'GET /api/cards': () => jsonResponse(200, { items: [shared] }),
      'GET /api/datasets/:id': () => jsonResponse(200, aDataset()),
    });
    renderApp({ path: '/cards', language: 'ja' });
    expect(await screen.findByText('共有（閲覧のみ）')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '新しいカード' })).toBeInTheDocument();
  });
});
