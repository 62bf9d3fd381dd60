/**
 * How requests authenticate, documented in docs/api.md. What each may do is declared by every
 * route itself (guard.ts) as a permission of core/access.ts; roles are bundles of permissions.
 *
 * - A request with `Authorization: Bearer xz_…` acts with that key's role; an unknown or revoked key
 *   is 401 even in open mode, so a typo never silently grants access.
 * - Without a token, access is refused (401) unless the server runs open: with `--no-auth`, or in
 *   first-run mode, which holds only while no key exists *and* the server listens on loopback
 *   only. Creating the first key (`xinzhi keys create --role admin`) ends first-run mode at once.
 *   `startServer` refuses to listen on a non-loopback address with no key and no `--no-auth`.
 */
import { isIP } from 'node:net';

export type AuthMode =
  /** Keys required (first-run open mode applies while no key exists and the host is loopback). */
  | 'keys'
  /** No authentication at all; every request is admin. For trusted networks and development. */
  | 'none';

export interface AuthOptions {
  readonly mode: AuthMode;
  /** Whether the HTTP server listens on loopback only; first-run open mode needs it. */
  readonly loopbackOnly: boolean;
}

/** True for 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}
