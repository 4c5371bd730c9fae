import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSession } from '../../auth/session';
import { FakeXhr } from '../../test/fakeXhr';
import { aDataset, aUser, errorBody, jsonResponse } from '../../test/fixtures';
import { mockApi } from '../../test/mockApi';
import { renderApp } from '../../test/render';

const member = aUser({ userId: 'u-me', name: 'Me', role: 'member' });

beforeEach(() => {
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('DatasetsPage', () => {
  it('lists name, owner, rows, columns, size and update time in the UI language', async () => {
    startSession({ token: 't', user: member });
    mockApi({
      'GET /api/datasets': () =>
        jsonResponse(200, {
          items: [
            aDataset({ datasetId: 'a', name: '売上', ownerId: 'u-me', rowCount: 1234567 }),
            aDataset({
              datasetId: 'b',
              name: 'costs',
              ownerId: 'u-other',
              sourceBytes: 3 * 1024 * 1024,
            }),
          ],
          nextCursor: null,
        }),
    });
    renderApp({ path: '/datasets', language: 'ja' });

    const rows = await screen.findAllByRole('row');
    expect(
      within(rows[0]!)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['名前', 'オーナー', '行数', '列数', 'サイズ', '更新日時']);
    const first = within(rows[1]!)
      .getAllByRole('cell')
      .map((td) => td.textContent);
    expect(first.slice(0, 5)).toEqual(['売上', 'あなた', '1,234,567', '2', '1.5 KB']);
    expect(first[5]).toMatch(/^2026\/11\/0[23] \d{1,2}:30$/);
    expect(within(rows[2]!).getAllByRole('cell')[1]).toHaveTextContent('u-other');
    expect(within(rows[2]!).getAllByRole('cell')[4]).toHaveTextContent('3 MB');
    expect(screen.getByRole('link', { name: '売上' })).toHaveAttribute('href', '/datasets/a');
  });

  it('shows owners by name to administrators', async () => {
    startSession({ token: 't', user: aUser({ userId: 'u-admin' }) });
    mockApi({
      'GET /api/datasets': () =>
        jsonResponse(200, { items: [aDataset({ ownerId: 'u-7' })], nextCursor: null }),
      'GET /api/users': () =>
        jsonResponse(200, { items: [aUser({ userId: 'u-7', name: 'Hanako' })], nextCursor: null }),
    });
    renderApp({ path: '/datasets' });
    expect(await screen.findByRole('cell', { name: 'Hanako' })).toBeInTheDocument();
  });

  it('lets administrators narrow the list to their own datasets', async () => {
    startSession({ token: 't', user: aUser({ userId: 'u-admin' }) });
    mockApi({
      'GET /api/datasets': (_request, url) =>
        jsonResponse(200, {
          items:
            url.searchParams.get('mine') === 'true'
              ? [aDataset({ datasetId: 'a', name: 'mine' })]
              : [
                  aDataset({ datasetId: 'a', name: 'mine' }),
                  aDataset({ datasetId: 'b', name: 'theirs', ownerId: 'u-7' }),
                ],
          nextCursor: null,
        }),
      'GET /api/users': () => jsonResponse(200, { items: [], nextCursor: null }),
    });
    renderApp({ path: '/datasets' });
    expect(await screen.findByRole('link', { name: 'theirs' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Only mine' }));
    await waitFor(() =>
      expect(screen.queryByRole('link', { name: 'theirs' })).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('link', { name: 'mine' })).toBeInTheDocument();
  });

  it('does not offer "only mine" to members, who only see their own', async () => {
    startSession({ token: 't', user: member });
    mockApi({ 'GET /api/datasets': () => jsonResponse(200, { items: [], nextCursor: null }) });
    renderApp({ path: '/datasets' });
    expect(await screen.findByText(/No datasets yet/)).toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: 'Only mine' })).not.toBeInTheDocument();
  });

  it('loads the next page with the cursor', async () => {
    startSession({ token: 't', user: member });
    mockApi({
      'GET /api/datasets': (_request, url) =>
        url.searchParams.get('cursor') === 'next-1'
          ? jsonResponse(200, {
              items: [aDataset({ datasetId: 'b', name: 'second' })],
              nextCursor: null,
            })
          : jsonResponse(200, {
              items: [aDataset({ datasetId: 'a', name: 'first' })],
              nextCursor: 'next-1',
            }),
    });
    renderApp({ path: '/datasets' });
    await userEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: 'second' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'first' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('uploads a dropped file with the chosen options, then opens the new dataset', async () => {
    startSession({ token: 't', user: member });
    mockApi({
      'GET /api/datasets': () => jsonResponse(200, { items: [], nextCursor: null }),
      'GET /api/datasets/:id': (_r, _u, { id }) =>
        jsonResponse(200, aDataset({ datasetId: id, name: 'sales' })),
      'GET /api/datasets/:id/preview': () =>
        jsonResponse(200, {
          datasetId: 'new',
          dataVersion: 1,
          columns: [],
          rows: [],
          offset: 0,
          limit: 500,
          totalRows: 0,
        }),
    });
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/datasets' });
    await user.click(await screen.findByRole('button', { name: 'Upload CSV' }));

    const file = new File(['地域,数量\n東京,1\n'], 'sales.csv', { type: 'text/csv' });
    const dropZone = screen.getByTestId('drop-zone');
    fireEvent.drop(dropZone, { dataTransfer: { files: [file] } });
    expect(screen.getByLabelText('Dataset name')).toHaveValue('sales');
    await user.selectOptions(screen.getByLabelText('Encoding'), 'cp932');
    await user.selectOptions(screen.getByLabelText('Delimiter'), 'tab');
    await user.click(screen.getByLabelText('The first row is a header'));
    await user.click(screen.getByRole('button', { name: 'Upload' }));

    const xhr = FakeXhr.last!;
    expect(xhr.body!.get('encoding')).toBe('cp932');
    expect(xhr.body!.get('delimiter')).toBe('tab');
    expect(xhr.body!.get('hasHeader')).toBe('false');
    expect(xhr.body!.get('name')).toBe('sales');
    expect((xhr.body!.get('file') as File).name).toBe('sales.csv');

    act(() => xhr.progress(512, 2048));
    expect(screen.getByRole('progressbar', { name: 'Upload' })).toHaveAttribute('value', '0.25');
    expect(screen.getByText('512 B of 2 KB (25%)')).toBeInTheDocument();
    expect(screen.getByText('Upload').closest('li')).toHaveAttribute('aria-current', 'step');

    act(() => xhr.finishUpload(2048));
    expect(screen.getByText('Convert and check').closest('li')).toHaveAttribute(
      'aria-current',
      'step',
    );

    act(() => xhr.respond(201, aDataset({ datasetId: 'new', name: 'sales' })));
    await waitFor(() => expect(router.state.location.pathname).toBe('/datasets/new'));
  });

  it('keeps the dialog open with row, column and reason when the import fails', async () => {
    startSession({ token: 't', user: member });
    mockApi({ 'GET /api/datasets': () => jsonResponse(200, { items: [], nextCursor: null }) });
    const user = userEvent.setup();
    renderApp({ path: '/datasets' });
    await user.click(await screen.findByRole('button', { name: 'Upload CSV' }));
    await user.upload(screen.getByLabelText('CSV file'), new File(['a,b\n1,2,3\n'], 'bad.csv'));
    await user.click(screen.getByRole('button', { name: 'Upload' }));

    act(() =>
      FakeXhr.last!.respond(
        422,
        errorBody('unprocessable', 'row 2 has 3 fields, the header has 2', {
          row: 2,
          line: 2,
          column: 3,
          expectedFields: 2,
          actualFields: 3,
          reason: 'too many fields',
        }),
      ),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The file could not be imported.');
    expect(alert).toHaveTextContent('Row2');
    expect(alert).toHaveTextContent('Column3');
    expect(alert).toHaveTextContent('This row has more fields than the header.');
    expect(alert).toHaveTextContent('3 (expected 2)');
    expect(screen.getByRole('button', { name: 'Upload' })).toBeEnabled();
  });

  it('refuses files over 100 MB before sending them', async () => {
    startSession({ token: 't', user: member });
    mockApi({ 'GET /api/datasets': () => jsonResponse(200, { items: [], nextCursor: null }) });
    const user = userEvent.setup();
    renderApp({ path: '/datasets' });
    await user.click(await screen.findByRole('button', { name: 'Upload CSV' }));
    const huge = new File(['x'], 'huge.csv');
    Object.defineProperty(huge, 'size', { value: 104_857_601 });
    await user.upload(screen.getByLabelText('CSV file'), huge);
    expect(screen.getByRole('alert')).toHaveTextContent('the limit is 100 MB');
    expect(screen.getByRole('button', { name: 'Upload' })).toBeDisabled();
  });
});

describe('dropping a file on the page', () => {
  it('opens the upload dialog with that file', async () => {
    startSession({ token: 't', user: member });
    mockApi({ 'GET /api/datasets': () => jsonResponse(200, { items: [], nextCursor: null }) });
    renderApp({ path: '/datasets' });
    const heading = await screen.findByRole('heading', { name: 'Datasets' });
    const file = new File(['a\n1\n'], '売上2026.csv', { type: 'text/csv' });
    fireEvent.drop(heading, { dataTransfer: { files: [file], types: ['Files'] } });
    const dialog = screen.getByRole('dialog', { name: 'Upload a CSV file' });
    expect(within(dialog).getByLabelText('Dataset name')).toHaveValue('売上2026');
    expect(dialog).toHaveTextContent('売上2026.csv');
  });
});
