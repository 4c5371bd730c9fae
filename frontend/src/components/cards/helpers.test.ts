import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { failingLine, failingLineOf, stdoutOf } from './cardErrors';
import { changedFields, cleanDisplay } from './draft';
import { renderMarkdown } from './markdown';
import { formatKpi, isValidNumberFormat } from './numberFormat';
import { nextSort, sortedIndexes, typeOfDtype } from './tableResult';

describe('failingLine', () => {
  it('takes the line the API names', () => {
    expect(failingLine({ line: 7, traceback: 'File "<card>", line 2' })).toBe(7);
  });

  it('takes the innermost card frame of the traceback', () => {
    const traceback = [
      'Traceback (most recent call last):',
      '  File "<card>", line 4, in <module>',
      '    f()',
      '  File "<card>", line 2, in f',
      '    return 1/0',
      '  File "/usr/lib/python3/dist-packages/pandas/core/frame.py", line 3807, in __getitem__',
      'ZeroDivisionError: division by zero',
    ].join('\n');
    expect(failingLine({ line: null, traceback })).toBe(2);
  });

  it('falls back to a line named in the message, else none', () => {
    expect(failingLine(null, 'invalid syntax (<card>, line 5)')).toBe(5);
    expect(failingLine({ traceback: 'KeyError' }, 'KeyError: x')).toBeNull();
  });

  it('reads the line and the printed text of a 422 card failure only', () => {
    const init = { status: 422, code: 'user_code_error', message: 'KeyError: x' };
    const failure = new ApiError({
      ...init,
      kind: 'unprocessable',
      details: { line: 3, stdout: 'hi\n' },
    });
    expect(failingLineOf(failure)).toBe(3);
    expect(stdoutOf(failure)).toBe('hi\n');
    const timeout = new ApiError({ ...init, kind: 'timeout', status: 408, code: 'timeout' });
    expect(failingLineOf(timeout)).toBeNull();
    expect(failingLineOf(new Error('x'))).toBeNull();
  });
});

describe('formatKpi', () => {
  it('follows the number format pattern in the reader’s language', () => {
    expect(formatKpi(1234567.891, { numberFormat: '0,0' }, 'en')).toBe('1,234,568');
    expect(formatKpi(1234567.891, { numberFormat: '0,0.00' }, 'ja')).toBe('1,234,567.89');
    expect(formatKpi(1234.5, { numberFormat: '0.0' }, 'en')).toBe('1234.5');
    expect(formatKpi(0.4567, { numberFormat: '0.0%' }, 'en')).toBe('45.7%');
    expect(formatKpi(1234567, { numberFormat: '0.0a' }, 'en')).toBe('1.2M');
    expect(formatKpi(1234567, { numberFormat: '0.0a' }, 'ja')).toBe('123.5万');
  });

  it('adds prefix and suffix, and shows the number as is without a known format', () => {
    expect(formatKpi(1500, { prefix: '¥', suffix: ' 円' }, 'ja')).toBe('¥1,500 円');
    expect(formatKpi(2.345678, { numberFormat: 'nonsense' }, 'en')).toBe('2.35');
    expect(isValidNumberFormat('nonsense')).toBe(false);
    expect(isValidNumberFormat('')).toBe(true);
    expect(isValidNumberFormat('0,0.000')).toBe(true);
  });
});

describe('sorting a table result', () => {
  const rows = [
    ['b', 10, null],
    [null, 2, 'x'],
    ['a10', null, 'y'],
    ['a9', 33, 'z'],
  ];

  it('sorts numbers by value and text in order, nulls last either way', () => {
    const asc = sortedIndexes(rows, { column: 1, direction: 'ascending' }, 'en');
    expect(asc).toEqual([1, 0, 3, 2]);
    const desc = sortedIndexes(rows, { column: 1, direction: 'descending' }, 'en');
    expect(desc).toEqual([3, 0, 1, 2]);
    const text = sortedIndexes(rows, { column: 0, direction: 'ascending' }, 'en');
    expect(text).toEqual([3, 2, 0, 1]); // a9 before a10 (numeric collation)
    expect(sortedIndexes(rows, null, 'en')).toEqual([0, 1, 2, 3]);
  });

  it('cycles ascending, descending, unsorted on the same header', () => {
    const first = nextSort(null, 2);
    expect(first).toEqual({ column: 2, direction: 'ascending' });
    const second = nextSort(first, 2);
    expect(second).toEqual({ column: 2, direction: 'descending' });
    expect(nextSort(second, 2)).toBeNull();
    expect(nextSort(second, 0)).toEqual({ column: 0, direction: 'ascending' });
  });

  it('formats pandas dtypes like the dataset types', () => {
    expect(typeOfDtype('int64')).toBe('int64');
    expect(typeOfDtype('Int32')).toBe('int64');
    expect(typeOfDtype('Float64')).toBe('float64');
    expect(typeOfDtype('boolean')).toBe('bool');
    expect(typeOfDtype('datetime64[ns, UTC]')).toBe('timestamp');
    expect(typeOfDtype('category')).toBe('string');
  });
});

describe('renderMarkdown', () => {
  it('renders Markdown and removes anything that could run', () => {
    const html = renderMarkdown(
      '## Top\n\n**東京** <img src=x onerror="alert(1)"><script>alert(2)</script> [link](https://example.com)',
    );
    expect(html).toContain('<h2>Top</h2>');
    expect(html).toContain('<strong>東京</strong>');
    expect(html).not.toContain('onerror');
    expect(html).not.toContain('<script');
    expect(html).toContain('target="_blank"');
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('javascript:');
  });

  it('keeps inline images and drops ones that would call an outside address', () => {
    expect(renderMarkdown('![t](https://tracker.example/p.png)')).not.toContain('tracker');
    expect(renderMarkdown('![t](data:image/png;base64,iVBORw0KGgo=)')).toContain(
      'src="data:image/png;base64,iVBORw0KGgo="',
    );
  });
});

describe('changedFields', () => {
  const base = { title: 'A', description: '', datasetId: 'ds', code: 'df', display: {} };

  it('names only what changed, trimming the title and dropping emptied display options', () => {
    expect(changedFields(base, { ...base, title: ' A ' })).toEqual({});
    expect(changedFields(base, { ...base, code: 'df.head()', display: { kpiLabel: '' } })).toEqual(
      { code: 'df.head()' },
    );
    expect(changedFields(base, { ...base, display: { suffix: '円' } })).toEqual({
      display: { suffix: '円' },
    });
    expect(cleanDisplay({ prefix: '', suffix: 'x' })).toEqual({ suffix: 'x' });
  });
});
