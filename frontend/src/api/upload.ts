// CSV uploads (POST /api/datasets, PUT /api/datasets/{id}/data) through XMLHttpRequest, the one
// browser API that reports upload progress. Answers go through the same error mapping and 401
// handling as the fetch client.
import { apiOrigin, authHeaders, noteAuthenticatedStatus } from './client';
import { apiErrorFromResponse, networkError } from './errors';
import type { paths } from './schema.gen';
import type { Dataset, DatasetReplace, DatasetUpload } from './types';

export type UploadPhase = 'uploading' | 'importing';

export interface UploadProgress {
  phase: UploadPhase;
  /** Bytes sent so far, and of how many (the whole multipart body). */
  loaded: number;
  total: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

type Fields = Record<string, string | Blob | undefined>;

function formOf(fields: Fields): FormData {
  const form = new FormData();
  // The file goes last: the server reads the form fields that steer the import first.
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && name !== 'file') form.append(name, value);
  }
  const file = fields.file;
  if (file !== undefined) form.append('file', file);
  return form;
}

function send<T>(method: 'POST' | 'PUT', path: string, form: FormData, options: UploadOptions) {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, apiOrigin() + path);
    const headers = authHeaders();
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.responseType = 'text';

    xhr.upload.addEventListener('progress', (event) => {
      if (!event.lengthComputable) return;
      options.onProgress?.({ phase: 'uploading', loaded: event.loaded, total: event.total });
    });
    // Every byte is sent: the server now converts the CSV to Parquet before it answers.
    xhr.upload.addEventListener('load', (event) => {
      options.onProgress?.({ phase: 'importing', loaded: event.total, total: event.total });
    });
    xhr.addEventListener('load', () => {
      if (headers.Authorization) noteAuthenticatedStatus(xhr.status, headers.Authorization);
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // not JSON (a proxy's error page): mapped by status alone
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else
        reject(
          apiErrorFromResponse(xhr.status, body, { get: (name) => xhr.getResponseHeader(name) }),
        );
    });
    xhr.addEventListener('error', () => reject(networkError(new Error('upload failed'))));
    xhr.addEventListener('abort', () => reject(new DOMException('upload cancelled', 'AbortError')));

    if (options.signal?.aborted) {
      reject(new DOMException('upload cancelled', 'AbortError'));
      return;
    }
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

type CreateAnswer = paths['/api/datasets']['post']['responses'][201]['content']['application/json'];
type ReplaceAnswer =
  paths['/api/datasets/{datasetId}/data']['put']['responses'][200]['content']['application/json'];

/** POST /api/datasets: a new dataset from a CSV file. */
export function uploadDataset(
  fields: Omit<DatasetUpload, 'file'> & { file: Blob },
  options: UploadOptions = {},
): Promise<Dataset> {
  return send<CreateAnswer>('POST', '/api/datasets', formOf(fields), options);
}

/** PUT /api/datasets/{id}/data: new data for a dataset (409 if `version` is stale). */
export function replaceDatasetData(
  datasetId: string,
  fields: Omit<DatasetReplace, 'file'> & { file: Blob },
  options: UploadOptions = {},
): Promise<Dataset> {
  const path = `/api/datasets/${encodeURIComponent(datasetId)}/data`;
  return send<ReplaceAnswer>('PUT', path, formOf(fields), options);
}
