// The typed API client: openapi-fetch over the paths generated from docs/openapi.yaml.
// Every request carries the session's bearer token; a 401 to a request that carried one ends
// the session, which sends the user to the login page (RequireSession) remembering the page.
import createClient, { type Middleware } from 'openapi-fetch';
import { endSession, getSession } from '../auth/session';
import { apiErrorFromResponse, networkError } from './errors';
import type { paths } from './schema.gen';

/** The API's origin: the page's own (`bi serve` serves both; Vite proxies /api in dev). */
export function apiOrigin() {
  return globalThis.location?.origin ?? 'http://localhost';
}

/** Headers every API request carries. */
export function authHeaders(): Record<string, string> {
  const token = getSession()?.token;
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/**
 * Called with the status of every answer to a request that carried `authorization`. A 401
 * ends the session, unless the user signed in again meanwhile (an old request's 401 must not
 * end the new session).
 */
export function noteAuthenticatedStatus(status: number, authorization: string) {
  if (status !== 401) return;
  const token = getSession()?.token;
  if (token && authorization === `Bearer ${token}`) endSession('expired');
}

const auth: Middleware = {
  onRequest({ request }) {
    for (const [name, value] of Object.entries(authHeaders())) request.headers.set(name, value);
    return request;
  },
  onResponse({ request, response }) {
    const authorization = request.headers.get('Authorization');
    if (authorization) noteAuthenticatedStatus(response.status, authorization);
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: apiOrigin(),
  // Looked up per call, so tests can stub the global fetch.
  fetch: (request) => globalThis.fetch(request),
});
api.use(auth);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/**
 * The data of a successful answer; throws ApiError (or a subclass) otherwise.
 * Usage: `const dataset = await call(api.GET('/api/datasets/{datasetId}', {...}))`.
 */
export async function call<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw networkError(cause);
  }
  const { response } = answer;
  if (!response.ok) throw apiErrorFromResponse(response.status, answer.error, response.headers);
  return answer.data as T;
}
