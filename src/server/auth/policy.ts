/**
 * Who may do what. The policy, documented in docs/api.md:
 *
 * - A request with `Authorization: Bearer xz_…` acts with that key's role; an unknown or revoked key
 *   is 401 even in open mode, so a typo never silently grants access.
 * - `viewer` may read, `operator` may also write data (points, events, imports, quarantine, ledger
 *   events), and only `admin` manages keys, creates ledger organisations and runs the ledger audit.
 * - Without a token, access is refused (401) unless the server runs open: with `--no-auth`, or in
 *   first-run mode, which holds only while no key exists *and* the server listens on loopback
 *   only. Creating the first key (`xinzhi keys create --role admin`) ends first-run mode at once.
 *   `startServer` refuses to listen on a non-loopback address with no key and no `--no-auth`.
 */
import { isIP } from 'node:net';
import type { Role } from '../../core/index.js';

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

const RANK: Record<Role, number> = { device: -1, viewer: 0, operator: 1, engineer: 1, admin: 2 };
export const roleAtLeast = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

/** Role a request needs: keys need admin, writes operator, reads viewer. */
export function requiredRole(method: string, path: string): Role {
  if (/\/api\/v1\/keys(\/|$)/.test(path)) return 'admin';
  // Ledger organisations hold signing keys, and the audit reads every entry: admin only.
  if (/\/api\/v1\/ledger\/audit\/?$/.test(path)) return 'admin';
  if (method === 'POST' && /\/api\/v1\/ledger\/orgs\/?$/.test(path)) return 'admin';
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'viewer' : 'operator';
}

/** True for 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}
