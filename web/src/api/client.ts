/**
 * The dashboard's only way to the server: fetch under `/api/v1` with the session cookie (HttpOnly:
 * no script, ours or injected, can read it), the CSRF token in `X-CSRF-Token` on every request
 * that changes something, and problem+json errors turned into `ApiError` (status, code, field,
 * detail). No secret is kept in storage or URLs: an API key is pasted once and exchanged for a
 * session; the CSRF token lives in memory and is fetched again from /auth/me after a reload.
 *
 * `client` is an openapi-fetch client typed by path from `openapi.ts`, which `npm run api:gen`
 * generates from the server's OpenAPI document: paths, parameters, bodies and answers are the
 * server's own, never copied by hand. `ok(client.GET(...))` gives the answer or throws `ApiError`.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { Readable } from 'openapi-typescript-helpers';
import type { components, paths } from './openapi.js';

/** A named schema of the API as the client hands it over, e.g. `Schema<'StoredPlan'>`. */
export type Schema<N extends keyof components['schemas']> = Readable<components['schemas'][N]>;

/** The JSON answer (200 or 201) of a GET or POST, e.g. `Answer<'/api/v1/overview'>`. */
export type Answer<
  P extends keyof paths,
  M extends keyof paths[P] = 'get' & keyof paths[P],
> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer J } } }
    ? Readable<J>
    : R extends { 201: { content: { 'application/json': infer J } } }
      ? Readable<J>
      : never
  : never;

const authListeners = new Set<() => void>();
const refusedListeners = new Set<() => void>();

/** Who the dashboard acts as (GET /auth/me). */
export type Me = Schema<'Me'>;

let csrf: string | null = null;

/** Called when the signed-in principal changes (sign-in, sign-out). */
export function onAuthChange(fn: () => void): () => void {
  authListeners.add(fn);
  return () => authListeners.delete(fn);
}

/** Called when a request is refused (401): nobody signed in, or the session ended. */
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

/** Headers a state-changing request of this session needs (the CSRF token). */
export function authHeaders(): Record<string, string> {
  return csrf ? { 'x-csrf-token': csrf } : {};
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

/** The site root the dashboard is served under (paths of the client start with `/api/v1`). */
const siteRoot = (): string =>
  typeof document === 'undefined' ? '' : new URL('.', document.baseURI).href.replace(/\/$/, '');

const session: Middleware = {
  onRequest({ request }) {
    if (csrf) request.headers.set('x-csrf-token', csrf);
    // Every write says JSON, bodyless ones too: the server refuses POSTs a cross-site page could
    // send without a preflight (no content type, text/plain, forms) unless they carry a key.
    if (request.method !== 'GET' && request.method !== 'HEAD')
      request.headers.set('content-type', 'application/json');
    return request;
  },
  async onResponse({ response }) {
    if (!response.ok) throw await toApiError(response.clone());
    return undefined;
  },
};

/** The typed client: `client.GET('/api/v1/plans/{id}', { params: { path: { id } } })`. */
export const client = createClient<paths>({ baseUrl: siteRoot(), credentials: 'same-origin' });
client.use(session);

/**
 * The answer of a call made with `client`; errors were already thrown as `ApiError` by the
 * client's middleware. An empty answer (204) is `undefined`.
 */
export async function ok<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  return (await call).data as T;
}

/** Builds a query string, leaving out undefined values. */
export function qs(params: Record<string, string | number | boolean | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.set(k, String(v));
  const s = u.toString();
  return s === '' ? '' : `?${s}`;
}

// The session's own three calls keep plain fetch: a 401 from /auth/me means "sign in" (no refusal
// listeners), sign-in must not send a stale CSRF token, and a failed sign-out is ignored.

/** The current principal, or null when the server wants a sign-in. Also refreshes the CSRF token. */
export async function loadMe(): Promise<Me | null> {
  const res = await fetch(`${apiBase()}/auth/me`, { credentials: 'same-origin' });
  if (res.status === 401) {
    csrf = null;
    return null;
  }
  if (!res.ok) throw await toApiError(res);
  const me = (await res.json()) as Me;
  csrf = me.csrfToken;
  return me;
}

/** Signs in with a username and password, or exchanges a pasted API key for a session. */
export async function signIn(
  credentials: { username: string; password: string } | { apiKey: string },
): Promise<Me> {
  const res = await fetch(`${apiBase()}/auth/login`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (!res.ok) throw await toApiError(res);
  const me = (await res.json()) as Me;
  csrf = me.csrfToken;
  for (const l of authListeners) l();
  return me;
}

export async function signOut(): Promise<void> {
  // A JSON content type like every write: the server refuses preflight-free (simple) POSTs.
  await fetch(`${apiBase()}/auth/logout`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...authHeaders() },
  });
  csrf = null;
  for (const l of authListeners) l();
}
