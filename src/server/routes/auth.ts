/**
 * Signing in and out. A person signs in with username and password, or pastes an API key once:
 * either way the browser gets an HttpOnly session cookie and never has to keep a secret itself.
 * Failed attempts are limited (login-limiter.ts), logged as warnings and recorded in the audit log.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { DEFAULT_ORG, PERMISSIONS, type Principal, principalOf, XinzhiError } from '../../core/index.js';
import { verifyApiKey } from '../auth/api-key.js';
import { auditNote } from '../auth/audit.js';
import { clientIp } from '../auth/client-ip.js';
import { guardedRoute } from '../auth/guard.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import { OIDC_STATE_COOKIE, type OidcSignIn } from '../auth/oidc.js';
import {
  burnVerification,
  DEFAULT_SCRYPT,
  hashPassword,
  needsRehash,
  verifyPassword,
} from '../auth/password.js';
import {
  clearSessionCookie,
  csrfTokenOf,
  newSessionId,
  overTls,
  sameOrigin,
  sessionDefaults,
  sessionHash,
  setSessionCookie,
} from '../auth/sessions.js';
import { type AppEnv, router, type ServerDeps } from '../context.js';
import { problem, sendProblem } from '../problem.js';
import { notFoundResponse, problemResponses } from '../schemas.js';

const LoginBody = z
  .union([
    z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(4096) }).strict(),
    z.object({ apiKey: z.string().min(1).max(200) }).strict(),
  ])
  .openapi('LoginRequest', {
    description: 'A username and password, or an API key exchanged for a session (pasted once)',
  });

const MeSchema = z
  .object({
    principal: z.object({
      kind: z.enum(['user', 'key', 'open', 'system']),
      id: z.number().nullable(),
      name: z.string(),
      role: z.string(),
    }),
    permissions: z.array(z.enum(PERMISSIONS)),
    scope: z.object({ org: z.string(), sites: z.array(z.string()).nullable(), asset: z.string().nullable() }),
    csrfToken: z
      .string()
      .nullable()
      .openapi({ description: 'Send as X-CSRF-Token with every state-changing request of this session' }),
    sessionExpiresAt: z.number().nullable(),
  })
  .openapi('Me');

const login = guardedRoute('public', {
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Sign in; sets an HttpOnly session cookie',
  request: { body: { required: true, content: { 'application/json': { schema: LoginBody } } } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: MeSchema } } },
    429: {
      description: 'Too many failed attempts; see Retry-After',
      content: { 'application/problem+json': { schema: z.object({}).loose() } },
    },
    ...problemResponses,
  },
});

const logout = guardedRoute('public', {
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'Sign out: ends the session and clears its cookie',
  responses: { 204: { description: 'Signed out' }, ...problemResponses },
});

const me = guardedRoute('public', {
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'Who this request acts as, its permissions, scope and CSRF token (401 when nobody)',
  responses: {
    200: { description: 'The principal', content: { 'application/json': { schema: MeSchema } } },
    ...problemResponses,
  },
});

function meView(p: Principal, session: { csrf: string; expiresAt: number } | undefined) {
  return {
    principal: { kind: p.kind as 'user' | 'key' | 'open' | 'system', id: p.id, name: p.name, role: p.role },
    permissions: PERMISSIONS.filter((x) => p.permissions.has(x)),
    scope: { org: p.scope.org, sites: p.scope.sites ? [...p.scope.sites] : null, asset: p.scope.asset },
    csrfToken: session?.csrf ?? null,
    sessionExpiresAt: session?.expiresAt ?? null,
  };
}

const oidcStart = guardedRoute('public', {
  method: 'get',
  path: '/auth/oidc/start',
  tags: ['auth'],
  summary:
    'Sign in with the configured OpenID Connect provider (redirects there; 404 when none is configured)',
  responses: { 302: { description: 'To the provider' }, ...problemResponses, ...notFoundResponse },
});

const oidcCallback = guardedRoute('public', {
  method: 'get',
  path: '/auth/oidc/callback',
  tags: ['auth'],
  summary:
    "The provider's redirect back: checks the code (PKCE, state, nonce), starts a session, redirects to /",
  responses: { 302: { description: 'Signed in; to the dashboard' }, ...problemResponses },
});

const methods = guardedRoute('public', {
  method: 'get',
  path: '/auth/methods',
  tags: ['auth'],
  summary: 'Which ways to sign in this server offers (for the sign-in page)',
  responses: {
    200: {
      description: 'Sign-in methods',
      content: {
        'application/json': {
          schema: z.object({ password: z.boolean(), apiKey: z.boolean(), oidc: z.boolean() }),
        },
      },
    },
  },
});

export interface AuthRouteDeps {
  readonly limiter: LoginLimiter;
  /** OIDC sign-in, when configured. */
  readonly oidc?: OidcSignIn | undefined;
}

export function authRoutes(deps: ServerDeps, { limiter, oidc }: AuthRouteDeps) {
  const s = sessionDefaults(deps.sessions);
  const params = deps.passwordParams ?? DEFAULT_SCRYPT;

  /** Starts a session for a user or key; replaces any session the browser had (no fixation). */
  async function startSession(c: Context<AppEnv>, owner: { userId: number } | { keyId: number }) {
    const old = c.get('session');
    if (old) await deps.store.deleteSession(old.hash);
    const id = newSessionId();
    const now = deps.clock.now();
    const rec = await deps.store.createSession({
      hash: sessionHash(id),
      userId: 'userId' in owner ? owner.userId : null,
      keyId: 'keyId' in owner ? owner.keyId : null,
      createdAt: now,
      expiresAt: now + s.absoluteMs,
      ip: clientIp(c),
      userAgent: c.req.header('user-agent')?.slice(0, 500) ?? null,
    });
    setSessionCookie(c, id, s.absoluteMs);
    return { csrf: csrfTokenOf(id), expiresAt: rec.expiresAt };
  }

  return router()
    .openapi(login, async (c) => {
      // Login CSRF: a page elsewhere must not sign this browser in to an account of its choosing.
      if (!sameOrigin(c))
        throw new XinzhiError('FORBIDDEN', 'cross-origin sign-in refused (Origin is not this server)', {
          field: 'origin',
        });
      const body = c.req.valid('json');
      const ip = clientIp(c);
      const claimed = 'username' in body ? body.username : '(API key)';
      const now = deps.clock.now();
      const wait = limiter.retryAfterMs(claimed, ip, now);
      if (wait > 0) {
        deps.logger.warn({ username: claimed, ip, retryAfterMs: wait }, 'sign-in refused: too many failures');
        auditNote(c, { action: 'auth.login.throttled', claimedName: claimed, org: DEFAULT_ORG });
        const seconds = Math.ceil(wait / 1000);
        return sendProblem(
          c,
          problem(429, 'TOO_MANY_REQUESTS', `too many failed sign-ins; try again in ${seconds} s`, {
            field: 'username' in body ? 'username' : 'apiKey',
          }),
          { 'retry-after': String(seconds) },
        ) as never;
      }
      let principal: Principal | undefined;
      // Failed attempts are filed under the named user's organisation (unknown names: the default).
      let org = DEFAULT_ORG;
      let session: { csrf: string; expiresAt: number } | undefined;
      if ('username' in body) {
        const u = await deps.store.findUserByName(body.username);
        if (u) org = u.org;
        if (!u || u.passwordHash === null) await burnVerification(body.password, params);
        const ok =
          u !== undefined &&
          u.passwordHash !== null &&
          (await verifyPassword(body.password, u.passwordHash)) &&
          u.disabledAt === null;
        if (ok && u) {
          if (u.passwordHash !== null && needsRehash(u.passwordHash, params))
            await deps.store.updateUser(u.id, {
              passwordHash: await hashPassword(body.password, params),
              passwordChangedAt: u.passwordChangedAt ?? now,
            });
          session = await startSession(c, { userId: u.id });
          principal = principalOf('user', u.id, u.username, u.role, u);
        }
      } else {
        const k = await verifyApiKey(deps.store, body.apiKey);
        if (k) {
          session = await startSession(c, { keyId: k.id });
          principal = principalOf('key', k.id, k.name, k.role, k);
        }
      }
      if (!principal || !session) {
        limiter.fail(claimed, ip, now);
        deps.logger.warn({ username: claimed, ip }, 'sign-in failed');
        auditNote(c, { action: 'auth.login.failed', claimedName: claimed, org });
        throw new XinzhiError(
          'UNAUTHENTICATED',
          'username' in body ? 'unknown user or wrong password' : 'unknown or revoked API key',
          { field: 'username' in body ? 'password' : 'apiKey' },
        );
      }
      limiter.succeed(claimed);
      c.set('principal', principal);
      auditNote(c, {
        action: 'auth.login',
        target: principal.id === null ? undefined : String(principal.id),
      });
      return c.json(meView(principal, session), 200);
    })
    .openapi(logout, async (c) => {
      const session = c.get('session');
      if (session) {
        await deps.store.deleteSession(session.hash);
        deps.access?.sessionEnded(session.hash);
        auditNote(c, { action: 'auth.logout' });
      }
      clearSessionCookie(c);
      // The browser drops what it cached of the signed-in user's data (settings such as the
      // language stay: the dashboard keeps no credential or plant data in storage).
      c.header('Clear-Site-Data', '"cache"');
      return c.body(null, 204);
    })
    .openapi(oidcStart, async (c) => {
      if (!oidc) throw new XinzhiError('NOT_FOUND', 'no OIDC provider is configured', { field: 'oidc' });
      const { url, state } = await oidc.start(deps.clock.now());
      // Lax, not Strict: the provider's redirect back is a cross-site navigation that must carry it.
      setCookie(c, OIDC_STATE_COOKIE, state, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: overTls(c),
        path: '/api/v1/auth/oidc',
        maxAge: 600,
      });
      return c.redirect(url, 302) as never;
    })
    .openapi(oidcCallback, async (c) => {
      if (!oidc) throw new XinzhiError('NOT_FOUND', 'no OIDC provider is configured', { field: 'oidc' });
      const cookieState = getCookie(c, OIDC_STATE_COOKIE);
      deleteCookie(c, OIDC_STATE_COOKIE, { path: '/api/v1/auth/oidc' });
      let user: Awaited<ReturnType<OidcSignIn['finish']>>;
      try {
        user = await oidc.finish(new URL(c.req.url).search, cookieState, deps.clock.now());
      } catch (e) {
        deps.logger.warn({ ip: clientIp(c), err: (e as Error).message }, 'OIDC sign-in failed');
        auditNote(c, { action: 'auth.oidc.failed', claimedName: '(oidc)', org: DEFAULT_ORG });
        throw e;
      }
      if (user.disabledAt !== null) {
        auditNote(c, { action: 'auth.oidc.failed', claimedName: user.username, org: user.org });
        throw new XinzhiError('FORBIDDEN', `user '${user.username}' is disabled`, { field: 'username' });
      }
      await startSession(c, { userId: user.id });
      c.set('principal', principalOf('user', user.id, user.username, user.role, user));
      auditNote(c, { action: 'auth.oidc.login', target: String(user.id) });
      return c.redirect('/', 302) as never;
    })
    .openapi(methods, (c) => c.json({ password: true, apiKey: true, oidc: oidc !== undefined }, 200))
    .openapi(me, (c) => {
      const p = c.get('principal') as Principal | undefined;
      if (!p) throw new XinzhiError('UNAUTHENTICATED', 'not signed in', { field: 'authorization' });
      const session = c.get('session');
      return c.json(meView(p, session), 200);
    });
}
