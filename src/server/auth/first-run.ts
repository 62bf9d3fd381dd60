import type { Store } from '../../store/index.js';

/**
 * Whether no key and no user exists yet: first-run mode, when the server is on loopback. The one
 * definition every place that opens or closes first-run mode asks (auth, the request guard, the
 * MQTT broker, health, serve), so a user created without keys ends it everywhere at once.
 */
export const noCredentialsYet = async (store: Pick<Store, 'countApiKeys' | 'countUsers'>): Promise<boolean> =>
  (await store.countApiKeys()) === 0 && (await store.countUsers()) === 0;
