import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CellValue } from '../../api/types';
import { startSession } from '../../auth/session';
import { FakeXhr } from '../../test/fakeXhr';
import { aColumn, aDataset, aUser, errorBody, jsonResponse } from '../../test/fixtures';
import { giveGridsAViewport } from '../../test/gridViewport';
import { mockApi, requestsOf } from '../../test/mockApi';
import { renderApp } from '../../test/render';

beforeEach(() => giveGridsAViewport(480));
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const columns = [
  aColumn({ name: 'id', type: 'int64', min: 1, max: 10000 }),
  aColumn({
    name: '都市',
    type: 'string',
    nullable: true,
    nullCount: 2500,
    min: '大阪',
    max: '東京',
  }),
  aColumn({
    name: 'at',
    type: 'timestamp',
    timezone: 'UTC',
    min: '2025-01-01T00:00:00Z',
    max: '2025-12-31T00:00:00Z',
  }),
];
const bigDataset = aDataset({ datasetId: 'big', name: 'big', schema: columns, rowCount: 10000 });

/** Preview rows generated on demand: row i is [i + 1, city or null, time]. */
function previewAnswer(url: URL) {
  const offset = Number(url.searchParams.get('offset'));
  const limit = Number(url.searchParams.get('limit'));
  const rows: CellValue[][] = [];
  for (let i = offset; i < Math.min(offset + limit, 10000); i++)
    rows.push([i + 1, i % 4 === 0 ? null : '東京', '2025-01-01T10:00:00Z']);
  return jsonResponse(200, {
    datasetId: 'big',
    dataVersion: 1,
    columns,
    rows,
    offset,
    limit,
    totalRows: 10000,
  });
}

function serveBigDataset(extra: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    'GET /api/datasets/:id': () => jsonResponse(200, bigDataset),
    'GET /api/datasets/:id/preview': (_r, url) => previewAnswer(url),
    'GET /api/users': () => jsonResponse(200, { items: [], nextCursor: null }),
    'GET /api/datasets': () => jsonResponse(200, { items: [], nextCursor: null }),
    ...extra,
  });
}

describe('DatasetPage', () => {
  it('renders only the visible part of 10,000 rows and fetches the pages it needs', async () => {
    startSession({ token: 't', user: aUser() });
    const fetchMock = serveBigDataset();
    renderApp({ path: '/datasets/big' });

    const table = await screen.findByRole('table', { name: 'Rows of big' });
    expect(await within(table).findByRole('cell', { name: '1' })).toBeInTheDocument();
    const rendered = within(table).getAllByRole('row');
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(60); // header + visible rows + overscan, not 10,000
    expect(within(table).getAllByRole('cell', { name: 'null' }).length).toBeGreaterThan(0);
    expect(requestsOf(fetchMock)).toContain('GET /api/datasets/big/preview?offset=0&limit=500');

    // Scrolling to the end asks for the last page only.
    const scroller = table as HTMLDivElement;
    scroller.scrollTop = 32 * 9990;
    scroller.dispatchEvent(new Event('scroll'));
    expect(await within(table).findByRole('cell', { name: '10,000' })).toBeInTheDocument();
    const previews = requestsOf(fetchMock).filter((r) => r.includes('/preview'));
    expect(previews).toEqual([
      'GET /api/datasets/big/preview?offset=0&limit=500',
      'GET /api/datasets/big/preview?offset=9500&limit=500',
    ]);
  });

  it('renders only the columns on screen of a wide dataset', async () => {
    startSession({ token: 't', user: aUser() });
    const wide = Array.from({ length: 300 }, (_, i) => aColumn({ name: `c${i + 1}` }));
    mockApi({
      'GET /api/datasets/:id': () =>
        jsonResponse(
          200,
          aDataset({ datasetId: 'wide', name: 'wide', schema: wide, rowCount: 50 }),
        ),
      'GET /api/datasets/:id/preview': () =>
        jsonResponse(200, {
          datasetId: 'wide',
          dataVersion: 1,
          columns: wide,
          rows: Array.from({ length: 50 }, (_, r) => wide.map((_, c) => r * 1000 + c + 1)),
          offset: 0,
          limit: 500,
          totalRows: 50,
        }),
    });
    renderApp({ path: '/datasets/wide' });
    const table = await screen.findByRole('table', { name: 'Rows of wide' });
    expect(await within(table).findByRole('cell', { name: '1' })).toBeInTheDocument();
    const headers = within(table).getAllByRole('columnheader');
    expect(headers.length).toBeLessThan(20); // of 301
    expect(within(table).queryByRole('columnheader', { name: /c300/ })).not.toBeInTheDocument();

    const scroller = table as HTMLDivElement;
    scroller.scrollLeft = 72 + 180 * 295;
    scroller.dispatchEvent(new Event('scroll'));
    expect(await within(table).findByRole('columnheader', { name: /c300/ })).toHaveAttribute(
      'aria-colindex',
      '301',
    );
    expect(within(table).getByRole('cell', { name: '300' })).toBeInTheDocument();
  });

  it('shows the schema with type badges and the column statistics', async () => {
    startSession({ token: 't', user: aUser() });
    serveBigDataset();
    const user = userEvent.setup();
    renderApp({ path: '/datasets/big' });

    await user.click(await screen.findByRole('tab', { name: 'Schema' }));
    const schema = screen.getByRole('tabpanel');
    const cityRow = within(schema).getByRole('cell', { name: '都市' }).closest('tr')!;
    expect(within(cityRow).getByText('string')).toHaveClass('type-badge', 'type-badge--string');
    expect(cityRow).toHaveTextContent('Yes');
    const atRow = within(schema).getByRole('cell', { name: 'at' }).closest('tr')!;
    expect(atRow).toHaveTextContent('UTC');

    await user.click(screen.getByRole('tab', { name: 'Column statistics' }));
    const stats = screen.getByRole('tabpanel');
    const cityStats = within(stats).getByText('都市').closest('tr')!;
    expect(cityStats).toHaveTextContent('2,500 (25%)');
    expect(cityStats).toHaveTextContent('大阪');
    expect(cityStats).toHaveTextContent('東京');
  });

  it('renames with the version it read, and on 409 offers to overwrite', async () => {
    startSession({ token: 't', user: aUser() });
    const patches: unknown[] = [];
    serveBigDataset({
      'PATCH /api/datasets/:id': async (request) => {
        const body = (await request.json()) as { version: number };
        patches.push(body);
        if (body.version === 1)
          return jsonResponse(
            409,
            errorBody('conflict', 'stale version', { expectedVersion: 1, currentVersion: 2 }),
          );
        return jsonResponse(200, { ...bigDataset, name: 'renamed', version: 3 });
      },
    });
    const user = userEvent.setup();
    renderApp({ path: '/datasets/big' });
    await user.click(await screen.findByRole('button', { name: 'Rename' }));
    const dialog = screen.getByRole('dialog', { name: 'Rename dataset' });
    const name = within(dialog).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'renamed');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('now version 2');
    await user.click(within(dialog).getByRole('button', { name: 'Overwrite' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('renamed');
    expect(patches).toEqual([
      { name: 'renamed', version: 1 },
      { name: 'renamed', version: 2 },
    ]);
  });

  it('deletes only after confirmation, then returns to the list', async () => {
    startSession({ token: 't', user: aUser() });
    const fetchMock = serveBigDataset({
      'DELETE /api/datasets/:id': () => new Response(null, { status: 204 }),
    });
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/datasets/big' });
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete “big”?' });
    expect(dialog).toHaveTextContent('10,000 rows');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(requestsOf(fetchMock).some((r) => r.startsWith('DELETE'))).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(screen.getByRole('button', { name: 'Delete dataset' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/datasets'));
    expect(requestsOf(fetchMock)).toContain('DELETE /api/datasets/big?version=1');
  });

  it('downloads the CSV with the token and the server-given file name', async () => {
    startSession({ token: 'tok', user: aUser() });
    const fetchMock = serveBigDataset({
      'GET /api/datasets/:id/download': () =>
        new Response('id\n1\n', {
          headers: {
            'Content-Type': 'text/csv',
            'Content-Disposition': `attachment; filename="big.csv"; filename*=UTF-8''${encodeURIComponent('売上.csv')}`,
          },
        }),
    });
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.download);
    });
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => {} }),
    );
    const user = userEvent.setup();
    renderApp({ path: '/datasets/big' });
    await user.click(await screen.findByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(clicked).toEqual(['売上.csv']));
    const download = fetchMock.mock.calls.find(([r]) => r.url.includes('/download'))!;
    expect(download[0].headers.get('Authorization')).toBe('Bearer tok');
  });

  it('replaces the data with the version it read, and explains a conflict', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    startSession({ token: 't', user: aUser() });
    serveBigDataset();
    const user = userEvent.setup();
    renderApp({ path: '/datasets/big' });
    await user.click(await screen.findByRole('button', { name: 'Replace data' }));
    const dialog = screen.getByRole('dialog', { name: 'Replace the data of “big”' });
    expect(within(dialog).queryByLabelText('Dataset name')).not.toBeInTheDocument();
    await user.upload(within(dialog).getByLabelText('CSV file'), new File(['id\n1\n'], 'new.csv'));
    await user.click(within(dialog).getByRole('button', { name: 'Replace data' }));

    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('PUT');
    expect(new URL(xhr.url).pathname).toBe('/api/datasets/big/data');
    expect(xhr.body!.get('version')).toBe('1');
    act(() => xhr.respond(409, errorBody('conflict', 'stale', { currentVersion: 2 })));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'changed while you were replacing it',
    );
  });

  it('offers no download or changes to a reader who is not the owner', async () => {
    startSession({ token: 't', user: aUser({ userId: 'u-viewer', role: 'member' }) });
    serveBigDataset();
    renderApp({ path: '/datasets/big' });
    expect(await screen.findByRole('heading', { name: 'big' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Preview' })).toBeInTheDocument();
    for (const action of ['Download CSV', 'Replace data', 'Rename', 'Delete'])
      expect(screen.queryByRole('button', { name: action })).not.toBeInTheDocument();
  });

  it('says when the dataset does not exist', async () => {
    startSession({ token: 't', user: aUser() });
    mockApi({});
    renderApp({ path: '/datasets/missing' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Not found.');
  });
});
