import { type Answer, apiBase, authHeaders, toApiError } from '../../api/client.js';

/** What an upload answers. */
export type ImportResult = Answer<'/api/v1/imports', 'post'>;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Posts the file to `/imports` with XMLHttpRequest, for its upload progress (fetch has none);
 * `onProgress` gets the bytes sent so far. A refusal rejects with the server's `ApiError`.
 */
export function upload(
  file: File,
  query: string,
  contentType: string,
  onProgress: (sent: number) => void,
): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${apiBase()}/imports${query}`);
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('content-type', contentType);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onerror = () => reject(new Error('network error'));
    xhr.onload = () => {
      const res = new Response(xhr.responseText, {
        status: xhr.status,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' },
      });
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as ImportResult);
      else toApiError(res).then(reject, reject);
    };
    xhr.send(file);
  });
}
