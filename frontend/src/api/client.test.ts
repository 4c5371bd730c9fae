import { waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getSession, startSession, takeEndReason } from '../auth/session';
import { aDataset, aUser, errorBody, jsonResponse } from '../test/fixtures';
import { getDataset, listDatasets, updateDataset } from './datasets';
import { ConflictError } from './errors';

const fetchMock = vi.fn<(request: Request) => Promise<Response>>();

beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  vi.unstubAllGlobals();
  fetchMock.mockReset();
});

describe('API client', () => {
  it('sends the bearer token and returns the typed body', async () => {
    startSession({ token: 'tok-123', user: aUser() });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, aDataset({ name: 'sales' })));

    const dataset = await getDataset('ds-1');

    expect(dataset.name).toBe('sales');
    const request = fetchMock.mock.calls[0]![0];
    expect(request.method).toBe('GET');
    expect(new URL(request.url).pathname).toBe('/api/datasets/ds-1');
    expect(request.headers.get('Authorization')).toBe('Bearer tok-123');
  });

  it('passes query parameters', async () => {
    startSession({ token: 't', user: aUser() });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { items: [], nextCursor: null }));
    await listDatasets('cur-1', { limit: 25, mine: true });
    const url = new URL(fetchMock.mock.calls[0]![0].url);
    expect(url.searchParams.get('cursor')).toBe('cur-1');
    expect(url.searchParams.get('limit')).toBe('25');
    expect(url.searchParams.get('mine')).toBe('true');
  });

  it('throws typed errors from error bodies', async () => {
    startSession({ token: 't', user: aUser() });
    fetchMock.mockResolvedValueOnce(
      jsonResponse(409, errorBody('conflict', 'version is stale', { currentVersion: 7 })),
    );
    const failure = await updateDataset('ds-1', { name: 'x', version: 6 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConflictError);
    expect((failure as ConflictError).currentVersion).toBe(7);
    const request = fetchMock.mock.calls[0]![0];
    expect(request.method).toBe('PATCH');
    expect(await request.json()).toEqual({ name: 'x', version: 6 });
  });

  it('ends the session on a 401, so the app returns to login', async () => {
    startSession({ token: 'expired', user: aUser() });
    fetchMock.mockResolvedValueOnce(
      jsonResponse(401, errorBody('unauthenticated', 'token expired')),
    );
    await expect(getDataset('ds-1')).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(getSession()).toBeNull();
    expect(takeEndReason()).toBe('expired');
  });

  it('keeps a newer session when an older request answers 401', async () => {
    startSession({ token: 'old', user: aUser() });
    let answer401: (response: Response) => void = () => {};
    fetchMock.mockImplementationOnce(() => new Promise((resolve) => (answer401 = resolve)));
    const pending = getDataset('ds-1').catch((e: unknown) => e);
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    startSession({ token: 'new', user: aUser() });
    answer401(jsonResponse(401, errorBody('unauthenticated', 'revoked')));
    await pending;
    expect(getSession()?.token).toBe('new');
  });

  it('turns a failed fetch into a network error', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(getDataset('ds-1')).rejects.toMatchObject({ kind: 'network' });
  });
});
