// A fake API behind the global fetch: each route is "METHOD /path" where `:name` matches one
// path segment; the handler gets the request and the parsed URL. Unknown routes answer 404.
import { vi } from 'vitest';
import { errorBody, jsonResponse } from './fixtures';

type Handler = (
  request: Request,
  url: URL,
  params: Record<string, string>,
) => Response | Promise<Response>;

export function mockApi(routes: Record<string, Handler>) {
  const compiled = Object.entries(routes).map(([route, handler]) => {
    const [method, path] = route.split(' ') as [string, string];
    const names: string[] = [];
    const pattern = new RegExp(
      '^' +
        path.replace(/:(\w+)/g, (_, name: string) => {
          names.push(name);
          return '([^/]+)';
        }) +
        '$',
    );
    return { method, pattern, names, handler };
  });
  const fetchMock = vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    for (const route of compiled) {
      const match = route.pattern.exec(url.pathname);
      if (route.method !== request.method || !match) continue;
      const params = Object.fromEntries(
        route.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]),
      );
      return route.handler(request, url, params);
    }
    return jsonResponse(404, errorBody('not_found', `no route ${request.method} ${url.pathname}`));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** The requests the fake API received, as "METHOD /path?query". */
export function requestsOf(fetchMock: ReturnType<typeof mockApi>) {
  return fetchMock.mock.calls.map(([request]) => {
    const url = new URL(request.url);
    return `${request.method} ${url.pathname}${url.search}`;
  });
}
