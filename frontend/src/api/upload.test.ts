import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getSession, startSession } from '../auth/session';
import { FakeXhr } from '../test/fakeXhr';
import { aDataset, aUser, errorBody } from '../test/fixtures';
import { ImportFailedError } from './errors';
import { replaceDatasetData, uploadDataset, type UploadProgress } from './upload';

beforeEach(() => {
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  startSession({ token: 'tok', user: aUser() });
});
afterEach(() => {
  vi.unstubAllGlobals();
  FakeXhr.last = null;
});

const csv = () => new File(['a,b\n1,2\n'], 'sales.csv', { type: 'text/csv' });

describe('uploadDataset', () => {
  it('posts the form with the token, reports upload progress, then the import step', async () => {
    const seen: UploadProgress[] = [];
    const done = uploadDataset(
      { file: csv(), name: 'sales', encoding: 'cp932', delimiter: 'auto', hasHeader: 'true' },
      { onProgress: (p) => seen.push(p) },
    );
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('POST');
    expect(new URL(xhr.url).pathname).toBe('/api/datasets');
    expect(xhr.headers.Authorization).toBe('Bearer tok');
    expect([...xhr.body!.keys()]).toEqual(['name', 'encoding', 'delimiter', 'hasHeader', 'file']);
    expect(xhr.body!.get('encoding')).toBe('cp932');

    xhr.progress(50, 200);
    xhr.progress(200, 200);
    xhr.finishUpload(200);
    xhr.respond(201, aDataset({ name: 'sales' }));

    await expect(done).resolves.toMatchObject({ name: 'sales' });
    expect(seen).toEqual([
      { phase: 'uploading', loaded: 50, total: 200 },
      { phase: 'uploading', loaded: 200, total: 200 },
      { phase: 'importing', loaded: 200, total: 200 },
    ]);
  });

  it('rejects with the import failure (row, column, reason)', async () => {
    const done = uploadDataset({ file: csv() });
    FakeXhr.last!.respond(
      422,
      errorBody('unprocessable', 'row 3: too many fields', {
        row: 3,
        column: 3,
        reason: 'too many fields',
      }),
    );
    const failure = await done.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportFailedError);
    expect((failure as ImportFailedError).importDetails).toMatchObject({ row: 3, column: 3 });
  });

  it('ends the session on 401', async () => {
    const done = uploadDataset({ file: csv() });
    FakeXhr.last!.respond(401, errorBody('unauthenticated', 'expired'));
    await expect(done).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(getSession()).toBeNull();
  });

  it('can be cancelled', async () => {
    const abort = new AbortController();
    const done = uploadDataset({ file: csv() }, { signal: abort.signal });
    abort.abort();
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    expect(FakeXhr.last!.aborted).toBe(true);
  });
});

describe('replaceDatasetData', () => {
  it('puts the new file with the version it replaces', async () => {
    const done = replaceDatasetData('ds/1', { file: csv(), version: '4' });
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('PUT');
    expect(new URL(xhr.url).pathname).toBe('/api/datasets/ds%2F1/data');
    expect(xhr.body!.get('version')).toBe('4');
    xhr.respond(200, aDataset({ dataVersion: 2 }));
    await expect(done).resolves.toMatchObject({ dataVersion: 2 });
  });
});
