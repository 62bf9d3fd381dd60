import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../core/index.js';
import type { ApiKeyRecord, Store } from '../../store/index.js';

/** Secrets look like `xz_` + 43 base64url characters (256 random bits). */
export const API_KEY_RE = /^xz_[A-Za-z0-9_-]{43}$/;

/** SHA-256 (hex) of a secret: all the store ever keeps. A fast hash suffices for 256-bit random secrets. */
export const hashApiKey = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const generateApiKey = (): string => `xz_${randomBytes(32).toString('base64url')}`;

/**
 * Creates a key and returns its record with the secret, which is shown this once and never stored.
 *
 * @example const { secret } = await createApiKey(store, { name: 'line-3 gateway', role: 'operator' }, Date.now());
 */
export async function createApiKey(
  store: Pick<Store, 'createApiKey'>,
  input: {
    name: string;
    role: Role;
    org?: string | undefined;
    sites?: readonly string[] | null | undefined;
    asset?: string | null | undefined;
  },
  now: number,
): Promise<{ record: ApiKeyRecord; secret: string }> {
  const secret = generateApiKey();
  const record = await store.createApiKey({
    name: input.name,
    role: input.role,
    hash: hashApiKey(secret),
    createdAt: now,
    ...(input.org === undefined ? {} : { org: input.org }),
    ...(input.sites == null ? {} : { sites: input.sites }),
    ...(input.asset == null ? {} : { asset: input.asset }),
  });
  return { record, secret };
}

/** The record of a valid, unrevoked key, or undefined. */
export async function verifyApiKey(
  store: Pick<Store, 'findApiKeyByHash'>,
  secret: string,
): Promise<ApiKeyRecord | undefined> {
  if (!API_KEY_RE.test(secret)) return undefined;
  const rec = await store.findApiKeyByHash(hashApiKey(secret));
  return rec && rec.revokedAt === null ? rec : undefined;
}

/** Public view of a key record: never the hash. */
export const publicKey = (k: ApiKeyRecord) => ({
  id: k.id,
  name: k.name,
  role: k.role,
  createdAt: k.createdAt,
  revokedAt: k.revokedAt,
  org: k.org,
  sites: k.sites === null ? null : [...k.sites],
  asset: k.asset,
});
