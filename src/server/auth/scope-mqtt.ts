/**
 * The server's side of MQTT access control: who a connecting client is (its API key as the MQTT
 * password, or open mode on first run), which client ids belong to which key, and ending the
 * sessions of keys that were revoked and of anonymous clients once first-run mode is over.
 */

import { z } from 'zod';
import { type Principal, principalOf } from '../../core/index.js';
import type { MqttAccess } from '../../ingest/mqtt/index.js';
import { DOC_NAMESPACES, defineCollection, type Store } from '../../store/index.js';
import { verifyApiKey } from './api-key.js';
import { noCredentialsYet } from './first-run.js';
import { siteDirectory } from './scope.js';

/** Documents namespace binding each MQTT client id to the key that first used it. */
export const MQTT_CLIENT_IDS_NS = DOC_NAMESPACES.authMqttClientIds;

/** The key each persistent MQTT client id belongs to, and since when. */
export const mqttClientIdCollection = defineCollection(
  MQTT_CLIENT_IDS_NS,
  z.looseObject({ keyId: z.number().int(), since: z.number() }),
);

export interface MqttAccessOptions {
  /** First-run open mode needs loopback-only listening (see policy.ts). */
  readonly loopbackOnly: boolean;
  readonly now?: () => number;
}

export interface ServerMqttAccess extends MqttAccess {
  /** Loads the site map before the broker accepts clients. */
  ready(): Promise<void>;
  /**
   * Which connected principals must go now: keys revoked since they connected, and open-mode
   * clients once a key exists. Checks the store, so revocations made by another process (the CLI)
   * are found too.
   */
  staleMatcher(): Promise<(p: Principal | undefined) => boolean>;
}

export function createMqttAccess(
  store: Pick<
    Store,
    'findApiKeyByHash' | 'countApiKeys' | 'countUsers' | 'listApiKeys' | 'getDoc' | 'putDoc' | 'listSites'
  >,
  options: MqttAccessOptions,
): ServerMqttAccess {
  const sites = siteDirectory(store);
  return {
    async ready() {
      await sites.orgOfSite();
    },
    // Per-message checks stay synchronous: the last map, refreshed in the background.
    orgOfSite: (site) => sites.current()(site),
    async identify(clientId, _username, password, persistent) {
      if (password === undefined || password === '') {
        if (options.loopbackOnly && (await noCredentialsYet(store)))
          return { principal: principalOf('open', null, 'open', 'admin') };
        return { refused: 'credentials', message: 'an API key is required as the MQTT password' };
      }
      const key = await verifyApiKey(store, password);
      if (!key) return { refused: 'credentials', message: 'unknown or revoked API key' };
      // A client id is bound to the key that first kept a persistent session under it, while that
      // key is valid: the session (its subscriptions and queued commands) never passes to, nor is
      // wiped by, another credential. Clean sessions are only checked, so random ids leave no trace.
      const bound = await mqttClientIdCollection.get(store, clientId);
      if (bound && bound.keyId !== key.id) {
        const holder = (await store.listApiKeys()).find((k) => k.id === bound.keyId);
        if (holder && holder.revokedAt === null)
          return { refused: 'client-id', message: `client id '${clientId}' belongs to another key` };
      }
      if (persistent && (!bound || bound.keyId !== key.id))
        await mqttClientIdCollection.put(store, clientId, {
          keyId: key.id,
          since: (options.now ?? Date.now)(),
        });
      return { principal: principalOf('key', key.id, key.name, key.role, key) };
    },
    async staleMatcher() {
      const keys = await store.listApiKeys();
      const revoked = new Set(keys.filter((k) => k.revokedAt !== null).map((k) => k.id));
      const openEnded = keys.length > 0 || !options.loopbackOnly || (await store.countUsers()) > 0;
      return (p) =>
        p !== undefined &&
        ((p.kind === 'key' && p.id !== null && revoked.has(p.id)) || (p.kind === 'open' && openEnded));
    },
  };
}

/**
 * The store with a listener called after every key is created or revoked through it, so the
 * server ends MQTT sessions at once (the periodic check catches changes made by other processes).
 */
export function watchKeyChanges(store: Store, listener: () => void): Store {
  return new Proxy(store, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      if (prop === 'createApiKey' || prop === 'revokeApiKey')
        return async (...args: unknown[]) => {
          const r: unknown = await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          listener();
          return r;
        };
      return v.bind(target);
    },
  });
}

/** The part of the auth engineer's `AccessEvents` (auth/access-events.ts on main) the broker needs. */
export interface AccessEventSource {
  on(
    listener: (e: { readonly type: string; readonly kind?: string; readonly id?: number }) => void,
  ): () => void;
}

/**
 * Ends MQTT connections when rights end, from access events: a revoked key's clients, and every
 * anonymous client once first-run mode is over. Returns the function that stops listening.
 *
 * @example const off = mqttSessionsFollow(access, broker); // in start.ts, once both exist
 */
export function mqttSessionsFollow(
  events: AccessEventSource,
  broker: { disconnectWhere(match: (p: Principal | undefined) => boolean): number },
): () => void {
  return events.on((e) => {
    if (e.type === 'revoked' && e.kind === 'key' && e.id !== undefined) {
      const id = e.id;
      broker.disconnectWhere((p) => p?.kind === 'key' && p.id === id);
    } else if (e.type === 'firstRunEnded') broker.disconnectWhere((p) => p?.kind === 'open');
  });
}
