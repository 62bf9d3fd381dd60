/**
 * Test helper: two organisations with sites (acme: plant1, plant2; beta: mill; the default
 * organisation keeps unregistered sites) and keys of any role and scope as Bearer headers.
 */
import type { Role } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { createApiKey } from './api-key.js';

export const T0 = Date.UTC(2024, 0, 1);

export async function seedOrgs(store: Store): Promise<void> {
  await store.createOrg({ id: 'acme', name: 'Acme', createdAt: T0 });
  await store.createOrg({ id: 'beta', name: 'Beta', createdAt: T0 });
  await store.putSite({ id: 'plant1', org: 'acme', name: 'Plant 1', createdAt: T0 });
  await store.putSite({ id: 'plant2', org: 'acme', name: 'Plant 2', createdAt: T0 });
  await store.putSite({ id: 'mill', org: 'beta', name: 'Mill', createdAt: T0 });
}

export interface KeyScope {
  readonly org?: string;
  readonly sites?: readonly string[];
  readonly asset?: string;
}

/** A new key's `Authorization` header. */
export async function bearer(
  store: Store,
  role: Role,
  scope: KeyScope = {},
): Promise<Record<string, string>> {
  const { secret } = await createApiKey(
    store,
    { name: `${role}@${scope.asset ?? scope.sites?.join('+') ?? scope.org ?? 'default'}`, role, ...scope },
    T0,
  );
  return { authorization: `Bearer ${secret}` };
}
