// REST calls an end-to-end test makes itself, beside the browser: with the bearer token of a
// signed-in page (read from its session storage, where the app keeps it) or from a login.
// For steps that have no page in the app, or that a test sets up without going through one.
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export interface RestSession {
  request: APIRequestContext;
  token: string;
}

/** The session of a page signed in through the app (its token, its request context). */
export async function restSessionOf(page: Page): Promise<RestSession> {
  const token = await page.evaluate(
    () => (JSON.parse(sessionStorage.getItem('bi.session') ?? '{}') as { token?: string }).token,
  );
  expect(token, 'the page has signed in').toBeTruthy();
  return { request: page.request, token: token! };
}

/** Sends one call and expects `status`; returns the answer's JSON (null when it has none). */
export async function rest<T = unknown>(
  session: RestSession,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  status: number,
  data?: unknown,
): Promise<T> {
  const answer = await session.request.fetch(path, {
    method,
    headers: { Authorization: `Bearer ${session.token}` },
    data,
  });
  const text = await answer.text();
  expect(answer.status(), `${method} ${path}: ${text}`).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}
