/**
 * Rows of the people tables (users, sessions, audit log) as both stores read them, and the checks
 * both apply before writing (what a TEXT column may hold is the style's): one definition, so SQLite and PostgreSQL accept and return the same.
 */
import type { Role } from '../core/index.js';
import type * as people from './people.js';
import { checkText, type SqlStyle, Where } from './sql-style.js';
import { badInput, checkInt, checkNonEmpty, checkRole, checkSegment } from './validate.js';

export type UserRow = {
  id: number;
  username: string;
  role: people.UserRecord['role'];
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

export const toUser = (r: UserRow): people.UserRecord => ({
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
export const toSession = (r: SessionRow): people.SessionRecord => ({
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
export const toAudit = (r: AuditRow): people.AuditRecord => ({
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

/** Optional text: null when absent, else non-empty, at most `max` and as the style's TEXT holds it. */
export const optText = (style: SqlStyle, v: unknown, field: string, max: number): string | null =>
  v === undefined || v === null ? null : checkText(style, v, field, max);

const NO_DEVICE_USERS = 'a user cannot have the device role; devices use API keys';

/** The checks of `createUser` before its organisation is looked up. */
export function userHead(input: people.UserInput): {
  username: string;
  role: Role;
  createdAt: number;
  org: string;
} {
  const username = checkNonEmpty(input?.username, 'username', 64);
  if (!USERNAME.test(username))
    throw badInput(
      'username',
      `username '${username}' must start with a letter or digit and use only letters, digits and . _ @ - (at most 64)`,
    );
  const role = checkRole(input.role);
  const createdAt = checkInt(input.createdAt, 'createdAt');
  const org = input.org === undefined ? 'default' : checkScopeId(input.org, 'org');
  return { username, role, createdAt, org };
}

/**
 * The columns of a new user, in table order (username, role, org, sites, password_hash,
 * oidc_issuer, oidc_subject, created_at, password_changed_at): a password counts as changed when
 * the user is made with one.
 */
export const userValues = (u: {
  username: string;
  role: Role;
  org: string;
  sites: string | null;
  passwordHash: string | null;
  issuer: string | null;
  subject: string | null;
  createdAt: number;
}): unknown[] => [
  u.username,
  u.role,
  u.org,
  u.sites,
  u.passwordHash,
  u.issuer,
  u.subject,
  u.createdAt,
  u.passwordHash === null ? null : u.createdAt,
];

/** The checks of `createUser` after its organisation is found: sites (as JSON) and password hash. */
export function userBody(
  style: SqlStyle,
  input: people.UserInput,
  role: Role,
): { sites: string | null; passwordHash: string | null } {
  const sites = checkSites(input.sites);
  if (role === 'device') throw badInput('role', NO_DEVICE_USERS);
  const passwordHash = optText(style, input.passwordHash, 'passwordHash', 1000);
  return { sites: sites === null ? null : JSON.stringify(sites), passwordHash };
}

/** The columns an `updateUser` patch sets, checked, in the order the patch is read. */
export function userPatchColumns(
  style: SqlStyle,
  patch: people.UserPatch,
): Array<[column: string, value: unknown]> {
  if (typeof patch !== 'object' || patch === null) throw badInput('patch', 'patch must be an object');
  const out: Array<[string, unknown]> = [];
  if (patch.passwordHash !== undefined) {
    out.push(['password_hash', optText(style, patch.passwordHash, 'passwordHash', 1000)]);
    out.push(['password_changed_at', checkInt(patch.passwordChangedAt, 'passwordChangedAt')]);
  }
  if (patch.role !== undefined) {
    const role = checkRole(patch.role);
    if (role === 'device') throw badInput('role', NO_DEVICE_USERS);
    out.push(['role', role]);
  }
  if (patch.sites !== undefined) {
    const sites = checkSites(patch.sites);
    out.push(['sites', sites === null ? null : JSON.stringify(sites)]);
  }
  if (patch.disabledAt !== undefined)
    out.push(['disabled_at', patch.disabledAt === null ? null : checkInt(patch.disabledAt, 'disabledAt')]);
  return out;
}

/** The checks of `createSession` before its user or key is looked up. */
export function sessionHead(input: people.SessionInput): {
  hash: string;
  userId: number | null;
  keyId: number | null;
  createdAt: number;
  expiresAt: number;
} {
  if (typeof input?.hash !== 'string' || !SHA256_HEX.test(input.hash))
    throw badInput('hash', 'hash must be the lowercase hex SHA-256 of the session id, never the id');
  const userId = input.userId === null ? null : checkInt(input.userId, 'userId');
  const keyId = input.keyId === null ? null : checkInt(input.keyId, 'keyId');
  if ((userId === null) === (keyId === null))
    throw badInput('userId', 'a session belongs to a user or a key');
  const createdAt = checkInt(input.createdAt, 'createdAt');
  const expiresAt = checkInt(input.expiresAt, 'expiresAt');
  return { hash: input.hash, userId, keyId, createdAt, expiresAt };
}

/** The columns of an audit entry to insert, in table order (ts, actor_kind, … comment). */
export function auditValues(style: SqlStyle, input: people.AuditInput): unknown[] {
  const ts = checkInt(input?.ts, 'ts');
  const actorKind = checkText(style, input.actorKind, 'actorKind', 50);
  const actorName = checkText(style, input.actorName, 'actorName', 200);
  const action = checkText(style, input.action, 'action', 100);
  return [
    ts,
    actorKind,
    input.actorId === undefined || input.actorId === null ? null : checkInt(input.actorId, 'actorId'),
    actorName,
    optText(style, input.org, 'org', 100),
    action,
    optText(style, input.method, 'method', 10),
    optText(style, input.path, 'path', 2000),
    optText(style, input.target, 'target', 2000),
    input.status === undefined || input.status === null ? null : checkInt(input.status, 'status'),
    optText(style, input.ip, 'ip', 100),
    snapshot(input.before, 'before'),
    snapshot(input.after, 'after'),
    optText(style, input.comment, 'comment', 2000),
  ];
}

/** The statement and arguments of `listAudit`: newest first, at most 10 000 entries. */
export function auditQuery(style: SqlStyle, f: people.AuditFilter): { sql: string; args: unknown[] } {
  const w = new Where(style);
  if (f.from !== undefined) w.add('ts >= ?', checkInt(f.from, 'from'));
  if (f.to !== undefined) w.add('ts < ?', checkInt(f.to, 'to'));
  if (f.org !== undefined) w.add('org = ?', style.filterText(f.org));
  if (f.actor !== undefined) w.add('actor_name = ?', style.filterText(f.actor));
  if (f.action !== undefined) {
    if (f.action.endsWith('.')) w.add(style.startsWith('action'), f.action);
    else w.add('action = ?', f.action);
  }
  if (f.target !== undefined) w.add('target = ?', style.filterText(f.target));
  if (f.beforeId !== undefined) w.add('id < ?', checkInt(f.beforeId, 'beforeId'));
  const limit = f.limit === undefined ? 100 : checkInt(f.limit, 'limit');
  if (limit < 1 || limit > 10_000) throw badInput('limit', 'limit must be between 1 and 10000');
  return { sql: `SELECT * FROM audit_log${w.sql} ORDER BY id DESC LIMIT ${w.arg(limit)}`, args: w.args };
}
