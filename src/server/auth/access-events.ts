/**
 * Sessions end when rights end. Whoever revokes a key, disables a user or ends first-run mode
 * announces it here; listeners end what that principal still has open: SSE streams and browser
 * sessions (HTTP side), MQTT connections (the broker's side).
 *
 * @example
 * deps.access.on((e) => { if (e.type === 'revoked' && e.kind === 'key') broker.disconnectKey(e.id); });
 */
import type { MiddlewareHandler } from 'hono';
import type { Store } from '../../store/index.js';
import { asMiddleware } from './guard.js';

export type AccessEvent =
  /** A key was revoked or a user disabled (or its password reset): its sessions and streams end. */
  | { readonly type: 'revoked'; readonly kind: 'key' | 'user'; readonly id: number }
  /** The first key or user exists: open (first-run) access ends for everyone using it. */
  | { readonly type: 'firstRunEnded' };

export interface AccessEvents {
  revoked(who: { kind: 'key' | 'user'; id: number }): void;
  firstRunEnded(): void;
  /** Returns the function that removes the listener. */
  on(listener: (e: AccessEvent) => void): () => void;
}

export function createAccessEvents(): AccessEvents {
  const listeners = new Set<(e: AccessEvent) => void>();
  const emit = (e: AccessEvent): void => {
    // A failing listener must not keep the others from ending access.
    for (const l of [...listeners])
      try {
        l(e);
      } catch {
        /* listeners handle their own errors */
      }
  };
  return {
    revoked: (who) => emit({ type: 'revoked', kind: who.kind, id: who.id }),
    firstRunEnded: () => emit({ type: 'firstRunEnded' }),
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
    const first = (await deps.store.countApiKeys()) === 0 && (await deps.store.countUsers()) === 0;
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
