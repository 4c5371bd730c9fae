import { describe, expect, it } from 'vitest';
import {
  ApiError,
  apiErrorFromResponse,
  ConflictError,
  ImportFailedError,
  networkError,
  RetryLaterError,
} from './errors';
import { errorBody } from '../test/fixtures';

describe('apiErrorFromResponse', () => {
  it('maps the status to a kind and keeps code, message, details and request id', () => {
    const error = apiErrorFromResponse(404, errorBody('not_found', 'no such dataset'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind: 'notFound',
      status: 404,
      code: 'not_found',
      message: 'no such dataset',
      details: null,
      requestId: 'req-1',
    });
  });

  it('gives a 409 its current version', () => {
    const error = apiErrorFromResponse(
      409,
      errorBody('conflict', 'stale', { expectedVersion: 1, currentVersion: 3 }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).currentVersion).toBe(3);
  });

  it('gives an import failure its row, column and reason', () => {
    const details = {
      row: 4,
      line: 5,
      column: 2,
      expectedFields: 3,
      actualFields: 4,
      reason: 'too many fields',
    };
    const error = apiErrorFromResponse(
      422,
      errorBody('unprocessable', 'row 4 has 4 fields', details),
    );
    expect(error).toBeInstanceOf(ImportFailedError);
    expect((error as ImportFailedError).importDetails).toEqual(details);
  });

  it('reads Retry-After for 429 and 503', () => {
    const headers = new Headers({ 'Retry-After': '42' });
    const error = apiErrorFromResponse(429, errorBody('too_many_requests', 'slow down'), headers);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterSeconds).toBe(42);
  });

  it('copes with bodies that are not the API error shape', () => {
    const error = apiErrorFromResponse(502, '<html>Bad gateway</html>');
    expect(error).toMatchObject({ kind: 'server', status: 502, code: 'http_502' });
  });

  it('marks failures without an answer as network errors', () => {
    expect(networkError(new TypeError('Failed to fetch'))).toMatchObject({
      kind: 'network',
      status: 0,
    });
  });
});
