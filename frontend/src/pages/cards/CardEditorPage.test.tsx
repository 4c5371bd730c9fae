import { EditorView } from '@codemirror/view';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Card } from '../../api/types';
import { startSession } from '../../auth/session';
import { aCard, aDataset, aUser, errorBody, jsonResponse } from '../../test/fixtures';
import { mockApi, requestsOf } from '../../test/mockApi';
import { renderApp } from '../../test/render';

// jsdom lays nothing out and has no Range geometry, which CodeMirror measures with.
beforeAll(() => {
  const empty = () => ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] });
  Range.prototype.getClientRects ??= empty as unknown as () => DOMRectList;
  Range.prototype.getBoundingClientRect ??= () => new DOMRect();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
beforeEach(() => {
  startSession({ token: 't', user: aUser() });
  // A viewport for the result table's virtualiser.
  for (const [name, size] of [
    ['clientHeight', 400],
    ['clientWidth', 1000],
  ] as const)
    vi.spyOn(HTMLElement.prototype, name, 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('preview') ? size : 0;
    });
});

const dataset = aDataset();
const tableResult = {
  cardId: null,
  cached: false,
  cachedAt: Date.UTC(2026, 10, 2),
  ageSeconds: 0,
  result: {
    kind: 'table',
    columns: [
      { name: '地域', dtype: 'object' },
      { name: '数量', dtype: 'int64' },
    ],
    rows: [
      ['東京', 3],
      ['大阪', 5],
    ],
    totalRows: 2,
    truncated: false,
  },
  stdout: 'hello from the card\n',
  stdoutTruncated: false,
  executionTimeMs: 7.9,
  loadTimeMs: 0.2,
};

/** The fake API for the editor: the card, the dataset, and whatever a test adds. */
function serve(card: Card | null, extra: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    ...(card ? { 'GET /api/cards/:id': () => jsonResponse(200, card) } : {}),
    'GET /api/datasets': () => jsonResponse(200, { items: [dataset], nextCursor: null }),
    'GET /api/datasets/:id': () => jsonResponse(200, dataset),
    ...extra,
  });
}

/** The CodeMirror view on the page, once it has loaded. */
async function editorView() {
  await waitFor(() => expect(document.querySelector('.cm-editor')).not.toBeNull());
  return EditorView.findFromDOM(document.querySelector<HTMLElement>('.cm-editor')!)!;
}

function typeCode(view: EditorView, code: string) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } });
}

async function bodyOf(request: Request) {
  return (await request.clone().json()) as Record<string, unknown>;
}

describe('CardEditorPage', () => {
  it('runs the code with Ctrl+Enter and shows the table and what it printed', async () => {
    const bodies: Record<string, unknown>[] = [];
    serve(aCard(), {
      'POST /api/cards/preview': async (request) => {
        bodies.push(await bodyOf(request));
        return jsonResponse(200, tableResult);
      },
    });
    const user = userEvent.setup();
    renderApp({ path: '/cards/c-1' });
    const view = await editorView();
    expect(view.state.doc.toString()).toBe('x = 1\ny = df["nope"]\ndf.head()');
    typeCode(view, 'df.groupby("地域").sum()');
    view.focus();
    await user.keyboard('{Control>}{Enter}{/Control}');

    const table = await screen.findByRole('table', { name: 'Result table' });
    expect(within(table).getByRole('cell', { name: '東京' })).toBeInTheDocument();
    expect(bodies).toEqual([{ datasetId: 'ds-1', code: 'df.groupby("地域").sum()', noCache: false }]);
    expect(screen.getByRole('region', { name: 'Printed output' })).toHaveTextContent(
      'hello from the card',
    );
    expect(screen.getByText(/Finished in \d+\.\d s/)).toBeInTheDocument();
    // Ctrl+Enter ran the card; it did not add a line.
    expect(view.state.doc.lines).toBe(1);
  });

  it('highlights the failing line and shows the traceback', async () => {
    serve(aCard(), {
      'POST /api/cards/preview': () =>
        jsonResponse(
          422,
          errorBody('user_code_error', "KeyError: 'nope'", {
            type: 'KeyError',
            line: null,
            traceback:
              'Traceback (most recent call last):\n  File "<card>", line 2, in <module>\n    y = df["nope"]\nKeyError: \'nope\'\n',
            stdout: 'before the error\n',
          }),
        ),
    });
    const user = userEvent.setup();
    renderApp({ path: '/cards/c-1' });
    await editorView();
    await user.click(screen.getByRole('button', { name: /Run/ }));

    expect(await screen.findByText('The code raised an error on line 2.')).toBeInTheDocument();
    await waitFor(() =>
      expect(document.querySelector('.cm-errorLine')).toHaveTextContent('y = df["nope"]'),
    );
    expect(document.querySelectorAll('.cm-errorLine')).toHaveLength(1);
    expect(screen.getByRole('region', { name: 'Printed output' })).toHaveTextContent(
      'before the error',
    );
  });

  it('cancels a running card', async () => {
    let signal: AbortSignal | null = null;
    serve(aCard(), {
      'POST /api/cards/preview': (request) =>
        new Promise((_, reject) => {
          signal = request.signal;
          request.signal.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          );
        }),
    });
    const user = userEvent.setup();
    renderApp({ path: '/cards/c-1' });
    await editorView();
    await user.click(screen.getByRole('button', { name: /Run/ }));
    expect(await screen.findByText(/Running… \d/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText('Run cancelled.')).toBeInTheDocument();
    expect(signal!.aborted).toBe(true);
    expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
  });

  it('saves only the changed fields with the version; on a conflict, overwrites theirs', async () => {
    const patches: Record<string, unknown>[] = [];
    serve(aCard(), {
      'PATCH /api/cards/:id': async (request) => {
        const body = await bodyOf(request);
        patches.push(body);
        if (body.version === 1)
          return jsonResponse(
            409,
            errorBody('conflict', 'the card changed', { currentVersion: 2 }),
          );
        // The server kept the other person's description.
        return jsonResponse(
          200,
          aCard({ code: body.code as string, description: 'their note', version: 3 }),
        );
      },
    });
    const user = userEvent.setup();
    renderApp({ path: '/cards/c-1' });
    const view = await editorView();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    typeCode(view, 'df.tail()');
    expect(await screen.findByText('Unsaved changes')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('now version 2');
    await user.click(within(alert).getByRole('button', { name: 'Overwrite with mine' }));
    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(screen.getByLabelText('Description')).toHaveValue('their note');
    expect(patches).toEqual([
      { code: 'df.tail()', version: 1 },
      { code: 'df.tail()', version: 2 },
    ]);
  });

  it('on a conflict, reloads their version into the editor', async () => {
    let reads = 0;
    serve(null, {
      'GET /api/cards/:id': () =>
        jsonResponse(200, reads++ === 0 ? aCard() : aCard({ code: 'theirs()', version: 2 })),
      'PATCH /api/cards/:id': () =>
        jsonResponse(409, errorBody('conflict', 'the card changed', { currentVersion: 2 })),
    });
    const user = userEvent.setup();
    renderApp({ path: '/cards/c-1' });
    typeCode(await editorView(), 'mine()');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await user.click(await screen.findByRole('button', { name: 'Reload theirs' }));

    await waitFor(async () => expect((await editorView()).state.doc.toString()).toBe('theirs()'));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByText('Saved')).toBeInTheDocument();
  });

  it('creates a new card on the first dataset and moves to its address', async () => {
    const created: Record<string, unknown>[] = [];
    const fetchMock = serve(null, {
      'POST /api/cards': async (request) => {
        const body = await bodyOf(request);
        created.push(body);
        return jsonResponse(201, aCard({ cardId: 'c-new', ...body }));
      },
    });
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/cards/new' });
    await editorView();
    await waitFor(() => expect(screen.getByLabelText('Dataset')).toHaveValue('ds-1'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Give the card a title before saving.')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Card title'), '  売上の推移 ');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/cards/c-new'));
    expect(created).toEqual([
      expect.objectContaining({ title: '売上の推移', datasetId: 'ds-1', display: {} }),
    ]);
    expect(created[0]!.code).toContain('df.head(20)');
    expect(await screen.findByText('Saved')).toBeInTheDocument();
    // The editor stayed, with its text.
    expect((await editorView()).state.doc.toString()).toContain('df.head(20)');
    expect(requestsOf(fetchMock).filter((r) => r.startsWith('POST'))).toEqual(['POST /api/cards']);
  });

  it('saves a copy under a new title', async () => {
    serve(aCard(), {
      'POST /api/cards': async (request) =>
        jsonResponse(201, aCard({ cardId: 'c-2', ...(await bodyOf(request)) })),
    });
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/cards/c-1' });
    await editorView();
    await user.click(screen.getByRole('button', { name: 'Save as…' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByLabelText('Title of the new card')).toHaveValue('地域別売上 (copy)');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/cards/c-2'));
    expect(await screen.findByLabelText('Card title')).toHaveValue('地域別売上 (copy)');
  });

  it('inserts a column name at the cursor', async () => {
    serve(aCard({ code: 'df[]' }));
    const user = userEvent.setup();
    renderApp({ path: '/cards/c-1' });
    const view = await editorView();
    view.dispatch({ selection: { anchor: 3 } });
    await user.click(await screen.findByRole('button', { name: '地域' }));
    expect(view.state.doc.toString()).toBe('df[地域]');
  });

  it('opens a shared card read-only and runs it as saved', async () => {
    const fetchMock = serve(aCard({ readOnly: true }), {
      'POST /api/cards/:id/run': () => jsonResponse(200, { ...tableResult, cardId: 'c-1' }),
    });
    const user = userEvent.setup();
    renderApp({ path: '/cards/c-1' });
    const view = await editorView();
    expect(screen.getByText(/Read-only/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
    expect(view.state.readOnly).toBe(true);
    expect(await screen.findByRole('button', { name: '地域' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: /Run/ }));
    expect(await screen.findByRole('table', { name: 'Result table' })).toBeInTheDocument();
    expect(requestsOf(fetchMock)).toContain('POST /api/cards/c-1/run');
    expect(requestsOf(fetchMock)).not.toContain('POST /api/cards/preview');
  });

  it('asks before leaving unsaved changes', async () => {
    serve(aCard(), { 'GET /api/cards': () => jsonResponse(200, { items: [] }) });
    const user = userEvent.setup();
    const { router } = renderApp({ path: '/cards/c-1' });
    typeCode(await editorView(), 'changed()');
    await user.click(screen.getByRole('link', { name: /Cards/, current: false }));
    const dialog = await screen.findByRole('dialog', { name: 'Leave without saving?' });
    await user.click(within(dialog).getByRole('button', { name: 'Stay' }));
    expect(router.state.location.pathname).toBe('/cards/c-1');
  });
});
