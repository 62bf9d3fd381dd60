/**
 * Sessions end when rights end. Whoever revokes a key, disables a user or ends first-run mode
 * announces it here; listeners end what that principal still has open: SSE streams and browser
 * sessions (HTTP side), MQTT connections (the broker's side).
 *
 * @example
 * deps.access.on((e) => { if (e.type === 'revoked' && e.kind === 'key') broker.disconnectKey(e.id); });
 */
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
