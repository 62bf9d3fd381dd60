/**
 * Rows of the people tables (users, sessions, audit log) as both stores read them, and the checks
 * both apply before writing: one definition, so SQLite and PostgreSQL accept and return the same.
 */
import type { AuditRecord, SessionRecord, UserRecord } from './people.js';
import { badInput, checkNonEmpty, checkSegment } from './validate.js';

export type UserRow = {
  id: number;
  username: string;
  role: UserRecord['role'];
  org: string;
  sites: string | null;
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  created_at: number;
  password_changed_at: number | null;
  disabled_at: number | null;
};
export type SessionRow = {
  hash: string;
  user_id: number | null;
  key_id: number | null;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
};
export type AuditRow = {
  id: number;
  ts: number;
  actor_kind: string;
  actor_id: number | null;
  actor_name: string;
  org: string | null;
  action: string;
  method: string | null;
  path: string | null;
  target: string | null;
  status: number | null;
  ip: string | null;
  before: string | null;
  after: string | null;
  comment: string | null;
};

export const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  role: r.role,
  org: r.org,
  sites: r.sites === null ? null : (JSON.parse(r.sites) as string[]),
  passwordHash: r.password_hash,
  oidcIssuer: r.oidc_issuer,
  oidcSubject: r.oidc_subject,
  createdAt: r.created_at,
  passwordChangedAt: r.password_changed_at,
  disabledAt: r.disabled_at,
});
export const toSession = (r: SessionRow): SessionRecord => ({
  hash: r.hash,
  userId: r.user_id,
  keyId: r.key_id,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at,
  ip: r.ip,
  userAgent: r.user_agent,
});
const parseJson = (s: string | null): unknown => (s === null ? null : JSON.parse(s));
export const toAudit = (r: AuditRow): AuditRecord => ({
  id: r.id,
  ts: r.ts,
  actorKind: r.actor_kind,
  actorId: r.actor_id,
  actorName: r.actor_name,
  org: r.org,
  action: r.action,
  method: r.method,
  path: r.path,
  target: r.target,
  status: r.status,
  ip: r.ip,
  before: parseJson(r.before),
  after: parseJson(r.after),
  comment: r.comment,
});

export const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Letters, digits and `. _ @ -`: safe in logs, URLs, CSV cells and HTML without escaping tricks. */
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export function checkScopeId(v: unknown, field: string): string {
  const id = checkNonEmpty(v, field, 100);
  checkSegment(id, field);
  return id;
}

export function checkSites(v: readonly string[] | null | undefined): readonly string[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw badInput('sites', 'sites must be a list of site ids, or null for all');
  if (v.length === 0) throw badInput('sites', 'sites must name at least one site, or be null for all');
  return v.map((x, i) => checkScopeId(x, `sites[${i}]`));
}

/** JSON of a before/after snapshot; refuses what JSON cannot hold rather than storing a lie. */
export function snapshot(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  try {
    const s = JSON.stringify(v);
    if (s === undefined) throw new Error('not JSON');
    return s;
  } catch (e) {
    throw badInput(field, `${field} must be JSON-serialisable: ${(e as Error).message}`);
  }
}
