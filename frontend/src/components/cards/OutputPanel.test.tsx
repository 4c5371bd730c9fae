import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, RetryLaterError } from '../../api/errors';
import type { CardResult } from '../../api/types';
import { giveGridsAViewport } from '../../test/gridViewport';
import { renderWithProviders } from '../../test/render';
import { CardOutput, StdoutView } from './OutputPanel';
import { RunErrorView } from './RunErrorView';

// plotly.js draws with SVG measurements jsdom does not have: record what it is asked to draw.
const plotly = vi.hoisted(() => ({
  react: vi.fn(async (root: HTMLElement, ..._drawn: unknown[]) => {
    root.innerHTML = '<svg class="main-svg"></svg>';
    return root;
  }),
  purge: vi.fn(),
}));
vi.mock('plotly.js-dist-min', () => ({ default: plotly }));

beforeEach(() => giveGridsAViewport(400));
afterEach(() => {
  vi.restoreAllMocks();
  plotly.react.mockClear();
});

function show(result: CardResult, { display = {}, title = 'Sales', language = 'en' } = {}) {
  return renderWithProviders(<CardOutput result={result} display={display} title={title} />, {
    language: language as 'en' | 'ja',
  });
}

describe('CardOutput', () => {
  it('shows a large table virtualised and sorts it by a header click', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [`r${i}`, (i * 7919) % 5000]);
    show({
      kind: 'table',
      columns: [
        { name: 'name', dtype: 'object' },
        { name: 'amount', dtype: 'int64' },
      ],
      rows,
      totalRows: 5000,
      truncated: false,
    });
    const table = screen.getByRole('table', { name: 'Result table' });
    expect(screen.getByText('5,000 rows')).toBeInTheDocument();
    expect(within(table).getAllByRole('row').length).toBeLessThan(60);

    const user = userEvent.setup();
    const amount = within(table).getByRole('columnheader', { name: /amount/ });
    await user.click(within(amount).getByRole('button'));
    expect(amount).toHaveAttribute('aria-sort', 'ascending');
    const firstRow = () => within(table).getAllByRole('row')[1]!;
    expect(within(firstRow()).getAllByRole('cell')[1]).toHaveTextContent(/^0$/);
    await user.click(within(amount).getByRole('button'));
    expect(amount).toHaveAttribute('aria-sort', 'descending');
    expect(within(firstRow()).getAllByRole('cell')[1]).toHaveTextContent('4,999');
    await user.click(within(amount).getByRole('button'));
    expect(amount).toHaveAttribute('aria-sort', 'none');
    expect(within(firstRow()).getAllByRole('cell')[0]).toHaveTextContent('r0');
  });

  it('says when the table was cut to its first rows', () => {
    show({
      kind: 'table',
      columns: [{ name: 'x', dtype: 'float64' }],
      rows: [[1.5], [null]],
      totalRows: 25000,
      truncated: true,
    });
    expect(screen.getByText('First 2 of 25,000 rows')).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: 'null' })).toBeInTheDocument();
  });

  it('draws a plotly figure, with the display options’ chart title', async () => {
    const figure = { data: [{ type: 'bar', x: ['a'], y: [1] }], layout: { title: { text: 'Own' } } };
    const { container } = renderWithProviders(
      <CardOutput result={{ kind: 'plotly', figure }} display={{ chartTitle: '売上' }} title="" />,
    );
    await waitFor(() => expect(container.querySelector('svg.main-svg')).not.toBeNull());
    const [, data, layout] = plotly.react.mock.calls[0]!;
    expect(data).toEqual(figure.data);
    expect(layout).toMatchObject({ title: { text: '売上' } });
  });

  it('shows a matplotlib figure as its PNG', () => {
    show({ kind: 'image', mimeType: 'image/png', width: 600, height: 400, data: 'iVBORw0KGgo=' });
    const image = screen.getByRole('img', { name: 'Figure of Sales' });
    expect(image).toHaveAttribute('src', 'data:image/png;base64,iVBORw0KGgo=');
    expect(image).toHaveAttribute('width', '600');
  });

  it('shows a KPI in the reader’s language with the display options', () => {
    const { unmount } = show({ kind: 'kpi', value: 1929346.44, text: '1929346.44' });
    expect(screen.getByText('1,929,346.44')).toBeInTheDocument();
    expect(screen.getByText('Sales')).toBeInTheDocument();
    unmount();
    show(
      { kind: 'kpi', value: 1929346.44, text: '1929346.44' },
      { display: { numberFormat: '0.0a', prefix: '¥', kpiLabel: '売上合計' }, language: 'ja' },
    );
    expect(screen.getByText('¥192.9万')).toBeInTheDocument();
    expect(screen.getByText('売上合計')).toBeInTheDocument();
  });

  it('shows NaN as Python wrote it', () => {
    show({ kind: 'kpi', value: null, text: 'nan' });
    expect(screen.getByText('nan')).toBeInTheDocument();
  });

  it('renders Markdown safely', () => {
    const { container } = show({
      kind: 'markdown',
      text: '## Top region\n\n**札幌** sold the most.<img src=x onerror="alert(1)">',
    });
    expect(screen.getByRole('heading', { name: 'Top region' })).toBeInTheDocument();
    expect(screen.getByText('札幌').tagName).toBe('STRONG');
    expect(container.innerHTML).not.toContain('onerror');
  });

  it('shows JSON and an empty result', () => {
    const { unmount } = show({ kind: 'json', value: { a: [1, 2] } });
    expect(screen.getByText(/"a": \[/)).toBeInTheDocument();
    unmount();
    show({ kind: 'empty' });
    expect(screen.getByText('The card returned nothing (None).')).toBeInTheDocument();
  });

  it('shows what the card printed', () => {
    renderWithProviders(<StdoutView text={'hello\n'} truncated />);
    expect(screen.getByRole('region', { name: 'Printed output' })).toHaveTextContent('hello');
    expect(screen.getByText('Cut at 64 KiB.')).toBeInTheDocument();
  });
});

describe('RunErrorView', () => {
  const noop = () => {};

  it('explains a timeout with the runbook’s advice, in Japanese too', () => {
    const error = new ApiError({
      kind: 'timeout',
      status: 408,
      code: 'timeout',
      message: 'the card did not finish within 10 s',
      details: { timeoutSeconds: 10 },
    });
    const { unmount } = renderWithProviders(
      <RunErrorView error={error} onRetry={noop} onGoToLine={noop} />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('did not finish within 10 seconds');
    expect(alert).toHaveTextContent('vectorised');
    expect(alert).toHaveTextContent('filters');
    unmount();
    renderWithProviders(<RunErrorView error={error} onRetry={noop} onGoToLine={noop} />, {
      language: 'ja',
    });
    expect(screen.getByRole('alert')).toHaveTextContent('10 秒以内に終わらなかった');
    expect(screen.getByRole('alert')).toHaveTextContent('ベクトル演算');
  });

  it('tells when to retry a busy executor, and retries', async () => {
    const onRetry = vi.fn();
    const error = new RetryLaterError(
      {
        kind: 'unavailable',
        status: 503,
        code: 'unavailable',
        message: 'queue full',
        details: { reason: 'queue_full' },
      },
      3,
    );
    renderWithProviders(<RunErrorView error={error} onRetry={onRetry} onGoToLine={noop} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Many cards are running');
    expect(screen.getByRole('alert')).toHaveTextContent('Try again in 3 seconds.');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Run again' }));
    expect(onRetry).toHaveBeenCalled();
  });

  it('shows the traceback and offers to go to the failing line', async () => {
    const onGoToLine = vi.fn();
    const error = new ApiError({
      kind: 'unprocessable',
      status: 422,
      code: 'user_code_error',
      message: "KeyError: 'nope'",
      details: {
        type: 'KeyError',
        line: 3,
        traceback: 'Traceback (most recent call last):\n  File "<card>", line 3, in <module>\n',
      },
    });
    renderWithProviders(<RunErrorView error={error} onRetry={noop} onGoToLine={onGoToLine} />);
    expect(screen.getByText('The code raised an error on line 3.')).toBeInTheDocument();
    expect(screen.getByLabelText('Traceback')).toHaveTextContent('File "<card>", line 3');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Go to line 3' }));
    expect(onGoToLine).toHaveBeenCalledWith(3);
  });

  it('names a card’s memory failure', () => {
    const error = new ApiError({
      kind: 'unprocessable',
      status: 422,
      code: 'memory_limit',
      message: 'MemoryError',
      details: { memoryMb: 2048 },
    });
    renderWithProviders(<RunErrorView error={error} onRetry={noop} onGoToLine={noop} />);
    expect(screen.getByRole('alert')).toHaveTextContent('more memory than it may');
  });
});
