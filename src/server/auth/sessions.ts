/**
 * Browser sessions. The session id is 256 random bits, sent only in an HttpOnly, SameSite=Strict
 * cookie (Secure when the request came over TLS); the store keeps its SHA-256. A session ends at
 * logout, after `idleMs` without a request, after `absoluteMs` in any case, and at once when its
 * user is disabled or its key revoked.
 *
 * CSRF: cookie-authenticated requests that change state must carry `X-CSRF-Token`, a synchronizer
 * token derived from the session id (SHA-256 of a fixed label and the id: the server recomputes it
 * from the cookie, the page reads it from GET /auth/me, and knowing it reveals nothing about the id).
 * A cross-site page can neither read it nor set the header without a CORS preflight we never grant;
 * in addition an `Origin` (or `Sec-Fetch-Site`) that is not this server's is refused.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'xinzhi_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionOptions {
  /** A session unused this long ends; default 30 min (ASVS level 2). */
  readonly idleMs?: number;
  /** A session ends this long after sign-in whatever the activity; default 12 h. */
  readonly absoluteMs?: number;
  /** Activity is written to the store at most this often per session; default 60 s. */
  readonly touchEveryMs?: number;
}

export const sessionDefaults = (o: SessionOptions = {}): Required<SessionOptions> => ({
  idleMs: o.idleMs ?? 30 * 60_000,
  absoluteMs: o.absoluteMs ?? 12 * 60 * 60_000,
  touchEveryMs: o.touchEveryMs ?? 60_000,
});

const ID_RE = /^[A-Za-z0-9_-]{43}$/;

export const newSessionId = (): string => randomBytes(32).toString('base64url');
export const isSessionId = (s: string): boolean => ID_RE.test(s);
export const sessionHash = (id: string): string => createHash('sha256').update(id).digest('hex');
export const csrfTokenOf = (id: string): string =>
  createHash('sha256').update(`xinzhi-csrf\0${id}`).digest('base64url');

/** Constant-time comparison of a sent token with the expected one. */
export function csrfMatches(sent: string | undefined, expected: string): boolean {
  if (sent === undefined) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the request arrived over TLS (directly, or at a proxy that says so). */
export const overTls = (c: Context): boolean =>
  new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

export function setSessionCookie(c: Context, id: string, maxAgeMs: number): void {
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: overTls(c),
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: overTls(c) });
}

/**
 * Whether a request comes from a page of this server: `Origin` equal to the server's own origin,
 * or, without `Origin`, a `Sec-Fetch-Site` of same-origin/none. Requests with neither header
 * (non-browser clients) pass; they cannot carry the victim's cookie anyway.
 */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin !== undefined) return origin === new URL(c.req.url).origin;
  const site = c.req.header('sec-fetch-site');
  return site === undefined || site === 'same-origin' || site === 'none';
}

/** GET, HEAD and OPTIONS change nothing; everything else needs the CSRF checks. */
export const isSafeMethod = (method: string): boolean =>
  method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
