// Dataset calls other than uploads (upload.ts): list, read, preview, rename, delete, download.
import { api, authHeaders, call, apiOrigin, noteAuthenticatedStatus } from './client';
import { apiErrorFromResponse, networkError } from './errors';

/** One page of datasets, newest first; administrators see everyone's unless `mine`. */
export function listDatasets(cursor?: string | null, { limit = 100, mine = false } = {}) {
  return call(
    api.GET('/api/datasets', {
      params: { query: { limit, cursor: cursor ?? undefined, mine: mine ? 'true' : undefined } },
    }),
  );
}

export function getDataset(datasetId: string) {
  return call(api.GET('/api/datasets/{datasetId}', { params: { path: { datasetId } } }));
}

export function previewDataset(
  datasetId: string,
  offset: number,
  limit: number,
  signal?: AbortSignal,
) {
  return call(
    api.GET('/api/datasets/{datasetId}/preview', {
      params: { path: { datasetId }, query: { offset, limit } },
      signal,
    }),
  );
}

export function updateDataset(
  datasetId: string,
  change: { name?: string; description?: string; version: number },
) {
  return call(
    api.PATCH('/api/datasets/{datasetId}', { params: { path: { datasetId } }, body: change }),
  );
}

export function deleteDataset(datasetId: string, version?: number) {
  return call(
    api.DELETE('/api/datasets/{datasetId}', {
      params: { path: { datasetId }, query: { version } },
    }),
  );
}

/**
 * Downloads the dataset as CSV and hands it to the browser as a file. A plain link cannot carry
 * the bearer token, so the file is fetched, then saved from memory.
 */
export async function downloadDatasetCsv(datasetId: string, fallbackName: string) {
  const url = `${apiOrigin()}/api/datasets/${encodeURIComponent(datasetId)}/download?format=csv`;
  const headers = authHeaders();
  let response: Response;
  try {
    response = await fetch(new Request(url, { headers }));
  } catch (cause) {
    throw networkError(cause);
  }
  if (headers.Authorization) noteAuthenticatedStatus(response.status, headers.Authorization);
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw apiErrorFromResponse(response.status, body, response.headers);
  }
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download =
    fileNameFrom(response.headers.get('Content-Disposition')) ?? `${fallbackName}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** The file name of `Content-Disposition` (RFC 6266: `filename*` in UTF-8 wins). */
export function fileNameFrom(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // malformed: try the plain form
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  return plain ? (plain[1] ?? plain[2]!.trim()) : null;
}
