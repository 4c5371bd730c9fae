// Failed API calls as typed errors. Every error body of the API is
// `{"error": {"code", "message", "details"}, "requestId"}` (docs/http.md); the HTTP status picks
// the kind, and the kinds the UI treats specially get their own class.
import type { ErrorBody, ImportErrorDetails } from './types';

export type ApiErrorKind =
  | 'badRequest' // 400
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'notFound' // 404
  | 'timeout' // 408
  | 'conflict' // 409
  | 'tooLarge' // 413
  | 'unsupportedMediaType' // 415
  | 'unprocessable' // 422
  | 'rateLimited' // 429
  | 'unavailable' // 503
  | 'server' // other 5xx, or an answer that is not the API's error body
  | 'network'; // no answer at all

const kindByStatus: Record<number, ApiErrorKind> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  408: 'timeout',
  409: 'conflict',
  413: 'tooLarge',
  415: 'unsupportedMediaType',
  422: 'unprocessable',
  429: 'rateLimited',
  503: 'unavailable',
};

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  /** HTTP status; 0 when the server never answered. */
  readonly status: number;
  /** The API's stable error code (`not_found`, `conflict`, `user_code_error`, ...). */
  readonly code: string;
  readonly details: Record<string, unknown> | null;
  readonly requestId: string | null;

  constructor(init: {
    kind: ApiErrorKind;
    status: number;
    code: string;
    message: string;
    details?: Record<string, unknown> | null;
    requestId?: string | null;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? null;
    this.requestId = init.requestId ?? null;
  }
}

/** 409: the record changed since it was read (`details.currentVersion`), or a value is taken. */
export class ConflictError extends ApiError {
  get currentVersion(): number | null {
    const value = this.details?.currentVersion;
    return typeof value === 'number' ? value : null;
  }
}

/** 422 from a CSV import: where it failed (row, line, column, reason). */
export class ImportFailedError extends ApiError {
  get importDetails(): ImportErrorDetails {
    return (this.details ?? {}) as ImportErrorDetails;
  }
}

/** 429 / 503: when to try again, from `Retry-After` or `details.retryAfterSeconds`. */
export class RetryLaterError extends ApiError {
  readonly retryAfterSeconds: number | null;
  constructor(init: ConstructorParameters<typeof ApiError>[0], retryAfterSeconds: number | null) {
    super(init);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/** The typed error for an answer with status `status` and (parsed JSON) body `body`. */
export function apiErrorFromResponse(
  status: number,
  body: unknown,
  headers?: { get(name: string): string | null },
): ApiError {
  const kind = kindByStatus[status] ?? 'server';
  const init = isErrorBody(body)
    ? {
        kind,
        status,
        code: body.error.code,
        message: body.error.message,
        details: body.error.details ?? null,
        requestId: body.requestId,
      }
    : { kind, status, code: 'http_' + status, message: `HTTP ${status}` };
  if (kind === 'conflict') return new ConflictError(init);
  if (kind === 'unprocessable' && init.details && 'reason' in init.details)
    return new ImportFailedError(init);
  if (kind === 'rateLimited' || kind === 'unavailable') {
    const header = Number(headers?.get('Retry-After') ?? NaN);
    const detail = init.details?.retryAfterSeconds;
    const seconds = Number.isFinite(header) ? header : typeof detail === 'number' ? detail : null;
    return new RetryLaterError(init, seconds);
  }
  return new ApiError(init);
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError({
    kind: 'network',
    status: 0,
    code: 'network',
    message: cause instanceof Error ? cause.message : 'network error',
  });
  error.cause = cause;
  return error;
}

export function isApiError(error: unknown, kind?: ApiErrorKind): error is ApiError {
  return error instanceof ApiError && (kind === undefined || error.kind === kind);
}
