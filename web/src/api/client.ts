/**
 * The dashboard's only way to the server: fetch under `/api/v1` with the API key from
 * localStorage, problem+json errors turned into `ApiError` (status, code, field, detail).
 */
const KEY_STORAGE = 'xinzhi.apiKey';
const keyListeners = new Set<() => void>();
const refusedListeners = new Set<() => void>();

export function apiKey(): string | null {
  return globalThis.localStorage?.getItem(KEY_STORAGE) ?? null;
}

export function setApiKey(key: string | null): void {
  if (key === null || key.trim() === '') localStorage.removeItem(KEY_STORAGE);
  else localStorage.setItem(KEY_STORAGE, key.trim());
  for (const l of keyListeners) l();
}

/** Called when the key changes. */
export function onKeyChange(fn: () => void): () => void {
  keyListeners.add(fn);
  return () => keyListeners.delete(fn);
}

/** Called when a request is refused (401) for want of a valid key. */
export function onUnauthorized(fn: () => void): () => void {
  refusedListeners.add(fn);
  return () => refusedListeners.delete(fn);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const apiBase = (): string => new URL('api/v1/', document.baseURI).href.replace(/\/$/, '');

export function authHeaders(): Record<string, string> {
  const k = apiKey();
  return k ? { authorization: `Bearer ${k}` } : {};
}

export async function toApiError(res: Response): Promise<ApiError> {
  let detail = `${res.status} ${res.statusText}`;
  let code: string | undefined;
  let field: string | undefined;
  try {
    const body = (await res.json()) as { detail?: string; title?: string; code?: string; field?: string };
    detail = body.detail ?? body.title ?? detail;
    code = body.code;
    field = body.field;
  } catch {
    // not problem+json: keep the status line
  }
  if (res.status === 401) for (const l of refusedListeners) l();
  return new ApiError(res.status, detail, code, field);
}

/** GET or POST JSON; `path` is relative to /api/v1, e.g. `/series?asset=x`. */
export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const headers: Record<string, string> = { ...authHeaders(), ...(rest.headers as Record<string, string>) };
  // Every write says JSON, bodyless ones too: the server refuses POSTs a cross-site page could
  // send without a preflight (no content type, text/plain, forms) unless they carry a key.
  const method = (rest.method ?? (json !== undefined ? 'POST' : 'GET')).toUpperCase();
  if (json !== undefined || (method !== 'GET' && method !== 'HEAD'))
    headers['content-type'] = 'application/json';
  const res = await fetch(apiBase() + path, {
    ...rest,
    headers,
    ...(json !== undefined ? { body: JSON.stringify(json), method: rest.method ?? 'POST' } : {}),
  });
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as T;
}

/** Builds a query string, leaving out undefined values. */
export function qs(params: Record<string, string | number | boolean | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.set(k, String(v));
  const s = u.toString();
  return s === '' ? '' : `?${s}`;
}
