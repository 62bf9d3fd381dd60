/**
 * What keeps web pages from driving the API through the user's browser (issue 13, H4). It runs
 * before authentication, so that no check here depends on a role having been granted.
 *
 * - Host: in open mode (first run — loopback, no key yet — or `--no-auth` on loopback) a request
 *   must name a loopback host (`localhost`, `127.x.x.x`, `[::1]`, any port). A DNS-rebinding page
 *   reaches 127.0.0.1 under its own name, so its Host header is that name and it gets 421.
 *   With `allowedHosts` the check applies in every mode and to every path.
 * - Content type: a cross-site page can POST without a CORS preflight only with no content type,
 *   `text/plain`, `application/x-www-form-urlencoded` or `multipart/form-data`. Such POSTs are
 *   refused (415) unless they carry `Authorization: Bearer …`, which a cross-site page cannot add
 *   without a preflight (that the server never answers with CORS headers).
 * - Origin: a state-changing request whose `Origin` is not the server's own (same host and port
 *   as the Host header) or listed in `allowedOrigins` is refused (403). Reads need no check: the
 *   server sends no CORS headers, so a foreign page cannot read the answers.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Store } from '../store/index.js';
import { noCredentialsYet } from './auth/first-run.js';
import { type AuthOptions, isLoopbackHost } from './auth/policy.js';
import { problem, problemOf, sendProblem } from './problem.js';

export interface RequestGuardOptions {
  /**
   * Host names the server answers to, as `name` (any port) or `name:port`; loopback names are
   * always accepted. Default: none, which checks the Host only in open mode (loopback names).
   */
  readonly allowedHosts?: readonly string[];
  /**
   * Origins (`https://hmi.example:8443`) besides the server's own that may send state-changing
   * requests, e.g. behind a reverse proxy that rewrites Host. Default: none.
   */
  readonly allowedOrigins?: readonly string[];
}

/** Content types a browser sends cross-site without a preflight (Fetch standard). */
const SIMPLE_TYPES = new Set(['', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `host[:port]` of the request: its Host header, or the URL's host (requests built in-process). */
function requestHost(c: Context): string {
  return (c.req.header('host') ?? new URL(c.req.url).host).trim().toLowerCase();
}

/** Splits `name:port`, `[v6]:port`, `name` into the name (brackets kept off) and the port. */
export function splitHost(host: string): { name: string; port: string | undefined } {
  const m = /^\[([^\]]*)\](?::(\d*))?$/.exec(host) ?? /^([^:]*)(?::(\d*))?$/.exec(host);
  if (!m) return { name: host, port: undefined };
  return { name: m[1] ?? '', port: m[2] || undefined };
}

/** Whether `host` (a Host header) is a loopback name or matches one of `allowed`. */
export function hostAllowed(host: string, allowed: readonly string[] = []): boolean {
  const { name, port } = splitHost(host);
  if (name !== '' && isLoopbackHost(name)) return true;
  return allowed.some((entry) => {
    const e = splitHost(entry.trim().toLowerCase());
    return e.name === name && (e.port === undefined || e.port === port);
  });
}

/** The media type of a Content-Type header without parameters, lower case; '' when absent. */
export const mediaType = (header: string | undefined): string =>
  (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

export function requestGuard(
  store: Pick<Store, 'countApiKeys' | 'countUsers'>,
  auth: AuthOptions,
  options: RequestGuardOptions = {},
): MiddlewareHandler {
  const allowedHosts = options.allowedHosts ?? [];
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map((o) => o.trim().toLowerCase()));
  const openMode = async (): Promise<boolean> =>
    auth.mode === 'none' ? auth.loopbackOnly : auth.loopbackOnly && (await noCredentialsYet(store));
  return async (c, next) => {
    const path = c.req.path;
    const api = path.startsWith('/api/');
    const host = requestHost(c);
    if (
      (allowedHosts.length > 0 || api) &&
      !hostAllowed(host, allowedHosts) &&
      (allowedHosts.length > 0 || (await openMode()))
    )
      return sendProblem(c, {
        ...problem(
          421,
          'MISDIRECTED_REQUEST',
          allowedHosts.length > 0
            ? `host '${host}' is not one this server answers to (allowedHosts)`
            : `host '${host}' is not a loopback name; while the server runs without keys it answers only to localhost, 127.0.0.1 or [::1]`,
          { field: 'host', instance: path },
        ),
        title: 'Misdirected Request',
      });
    if (!api || SAFE_METHODS.has(c.req.method)) return next();

    const origin = c.req.header('origin');
    if (origin !== undefined && !sameOrigin(origin, host) && !allowedOrigins.has(origin.trim().toLowerCase()))
      return sendProblem(
        c,
        problemOf('FORBIDDEN', `cross-origin ${c.req.method} from '${origin}' refused`, {
          field: 'origin',
          instance: path,
        }),
      );

    const bearer = /^Bearer\s+\S+$/i.test(c.req.header('authorization') ?? '');
    const type = mediaType(c.req.header('content-type'));
    if (c.req.method === 'POST' && !bearer && SIMPLE_TYPES.has(type))
      return sendProblem(
        c,
        problemOf(
          'UNSUPPORTED_MEDIA_TYPE',
          `${type === '' ? 'no content-type' : `content-type '${type}'`} is refused on POST without an ` +
            'Authorization header (a web page could send it cross-site); send application/json ' +
            '(application/x-ndjson, text/csv for imports) or an API key',
          { field: 'content-type', instance: path },
        ),
      );
    return next();
  };
}

/** Whether `origin` (scheme://host[:port]) names the same host and port as the Host header. */
function sameOrigin(origin: string, host: string): boolean {
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false; // `null` (sandboxed frames, file:) and garbage
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  // Scheme is not compared: behind a TLS-terminating proxy the page is https and the hop is http.
  return u.host === host;
}
