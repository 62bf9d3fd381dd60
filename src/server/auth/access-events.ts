/**
 * Sessions end when rights end. Whoever revokes a key, disables a user or ends first-run mode
 * announces it here; listeners end what that principal still has open: SSE streams and browser
 * sessions (HTTP side), MQTT connections (the broker's side).
 *
 * @example
 * deps.access.on((e) => { if (e.type === 'revoked' && e.kind === 'key') broker.disconnectKey(e.id); });
 */
import type { MiddlewareHandler } from 'hono';
import type { Clock, Principal } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { noCredentialsYet } from './first-run.js';
import { asMiddleware } from './guard.js';
import type { ActiveSession } from './middleware.js';
import type { AuthOptions } from './policy.js';

export type AccessEvent =
  /** A key was revoked or a user disabled (or its password reset): its sessions and streams end. */
  | { readonly type: 'revoked'; readonly kind: 'key' | 'user'; readonly id: number }
  /** The first key or user exists: open (first-run) access ends for everyone using it. */
  | { readonly type: 'firstRunEnded' }
  /** One browser session ended (sign-out): streams opened with it close. */
  | { readonly type: 'sessionEnded'; readonly hash: string };

export interface AccessEvents {
  revoked(who: { kind: 'key' | 'user'; id: number }): void;
  firstRunEnded(): void;
  /** `hash`: the SHA-256 of the session id, as the store keeps it. */
  sessionEnded(hash: string): void;
  /** Returns the function that removes the listener. */
  on(listener: (e: AccessEvent) => void): () => void;
}

/** `onError` hears a listener's failure (the other listeners still run); default: ignore. */
export function createAccessEvents(onError: (err: unknown) => void = () => {}): AccessEvents {
  const listeners = new Set<(e: AccessEvent) => void>();
  const emit = (e: AccessEvent): void => {
    // A failing listener must not keep the others from ending access.
    for (const l of [...listeners])
      try {
        l(e);
      } catch (err) {
        onError(err);
      }
  };
  return {
    revoked: (who) => emit({ type: 'revoked', kind: who.kind, id: who.id }),
    firstRunEnded: () => emit({ type: 'firstRunEnded' }),
    sessionEnded: (hash) => emit({ type: 'sessionEnded', hash }),
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

type EndDeps = {
  readonly store: Pick<Store, 'countApiKeys' | 'countUsers' | 'deleteSessionsOf'>;
  readonly access?: AccessEvents | undefined;
};

/** After a successful POST that created the first key or user: announce the end of first-run mode. */
export function endFirstRun(deps: EndDeps): MiddlewareHandler {
  return asMiddleware<MiddlewareHandler>(async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const first = await noCredentialsYet(deps.store);
    await next();
    if (first && c.res.ok) deps.access?.firstRunEnded();
  });
}

/** After a successful DELETE /keys/{id}: end the key's sessions and announce the revocation. */
export function endRevokedKey(deps: EndDeps): MiddlewareHandler {
  return asMiddleware<MiddlewareHandler>(async (c, next) => {
    await next();
    if (c.req.method !== 'DELETE' || !c.res.ok) return;
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) return;
    await deps.store.deleteSessionsOf({ keyId: id });
    deps.access?.revoked({ kind: 'key', id });
  });
}

/**
 * Calls `end` as soon as the rights a long-lived request (an SSE stream) was opened with end: its
 * key is revoked, its user disabled, its session signed out or past its absolute end, or — for
 * open first-run access — the first credential is created. Returns the function that stops
 * watching (call it when the stream closes).
 */
export function whenRightsEnd(
  deps: {
    readonly access?: AccessEvents | undefined;
    readonly auth: AuthOptions;
    readonly clock: Clock;
    readonly store: Pick<Store, 'listApiKeys' | 'getUser' | 'findSession' | 'countApiKeys' | 'countUsers'>;
  },
  who: { principal: Principal | undefined; session: ActiveSession | undefined },
  end: () => void,
  /** How often rights are re-read from the store, for changes made by another process (the CLI); default 5 s. */
  recheckMs = 5000,
): () => void {
  const p = who.principal;
  if (!p) return () => {};
  // Events cover changes made through this server; the store is the truth for the CLI's changes.
  const stillValid = async (): Promise<boolean> => {
    if (who.session && !(await deps.store.findSession(who.session.hash))) return false;
    if (p.kind === 'key')
      return (await deps.store.listApiKeys()).some((k) => k.id === p.id && k.revokedAt === null);
    if (p.kind === 'user') {
      const u = await deps.store.getUser(p.id ?? -1);
      return u !== undefined && u.disabledAt === null;
    }
    if (p.kind === 'open' && deps.auth.mode !== 'none') return noCredentialsYet(deps.store);
    return true;
  };
  const recheck = setInterval(() => {
    stillValid().then(
      (ok) => {
        if (!ok) end();
      },
      () => undefined,
    );
  }, recheckMs);
  recheck.unref();
  const off =
    deps.access?.on((e) => {
      if (e.type === 'revoked' && e.kind === p.kind && e.id === p.id) end();
      else if (e.type === 'firstRunEnded' && p.kind === 'open' && deps.auth.mode !== 'none') end();
      else if (e.type === 'sessionEnded' && e.hash === who.session?.hash) end();
    }) ?? (() => {});
  const expires = who.session?.expiresAt;
  const timer =
    expires === undefined
      ? undefined
      : setTimeout(end, Math.min(2 ** 31 - 1, Math.max(0, expires - deps.clock.now())));
  timer?.unref();
  return () => {
    off();
    clearInterval(recheck);
    if (timer) clearTimeout(timer);
  };
}
