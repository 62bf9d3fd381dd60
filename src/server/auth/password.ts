/**
 * Password hashing with scrypt (node:crypto), a memory-hard KDF.
 *
 * Defaults follow the OWASP Password Storage Cheat Sheet: N = 2^17, r = 8, p = 1 (128 MiB and
 * roughly 0.2–0.5 s of one core per hash), a 16-byte random salt and a 32-byte key. The parameters
 * travel inside the stored string, `scrypt$<N>$<r>$<p>$<salt b64url>$<key b64url>`, so raising
 * them later leaves existing hashes verifiable (and `needsRehash` says when to upgrade one).
 * Verification compares in constant time. Login rate limiting (login-limiter.ts) keeps an attacker
 * from using the hash cost to tie up the CPU.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two; default 2^17. */
  readonly N: number;
  /** Block size; default 8. */
  readonly r: number;
  /** Parallelism; default 1. */
  readonly p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;

/** Shortest and longest accepted password (ASVS: at least 8, allow at least 64). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 1024;

const derive = (password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const options: ScryptOptions = {
      N: params.N,
      r: params.r,
      p: params.p,
      // 128 * N * r bytes are needed; the default cap (32 MiB) would refuse the default N.
      maxmem: 128 * params.N * params.r + 1024 * 1024,
    };
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: unknown): string | undefined {
  if (typeof password !== 'string') return 'password must be a string';
  const n = [...password].length;
  if (n < PASSWORD_MIN) return `password must have at least ${PASSWORD_MIN} characters`;
  if (n > PASSWORD_MAX) return `password must have at most ${PASSWORD_MAX} characters`;
  return undefined;
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored);
  if (!m) return undefined;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Refuse absurd parameters from a tampered row rather than allocate gigabytes.
  if (N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  return {
    params: { N, r, p },
    salt: Buffer.from(m[4] as string, 'base64url'),
    key: Buffer.from(m[5] as string, 'base64url'),
  };
}

/** Whether `password` matches `stored`; false (never a throw) for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || parsed.key.length !== KEY_BYTES) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** Whether a stored hash uses weaker parameters than `params` (rehash it at the next sign-in). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.params.N < params.N || parsed.params.r < params.r || parsed.params.p < params.p;
}

/**
 * Spends the same work as a real verification, for unknown users, so that response time does not
 * tell which usernames exist.
 */
export async function burnVerification(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<void> {
  await derive(password, Buffer.alloc(SALT_BYTES), params);
}
