/**
 * Users, sessions and the audit log in SQLite (migration 5). The audit table's triggers refuse
 * UPDATE and DELETE, so the log stays append-only whoever opens the file.
 */
import type Database from 'better-sqlite3';
import { XinzhiError } from '../../core/index.js';
import type {
  AuditFilter,
  AuditInput,
  AuditRecord,
  SessionInput,
  SessionRecord,
  UserInput,
  UserPatch,
  UserRecord,
} from '../people.js';
import {
  type AuditRow,
  checkScopeId,
  checkSites,
  type SessionRow,
  SHA256_HEX,
  snapshot,
  toAudit,
  toSession,
  toUser,
  USERNAME,
  type UserRow,
} from '../people-rows.js';
import { badInput, checkInt, checkNonEmpty, checkRole, notFound } from '../validate.js';

const optText = (v: unknown, field: string, max: number): string | null =>
  v === undefined || v === null ? null : checkNonEmpty(v, field, max);

export class PeopleRecords {
  private readonly cache = new Map<string, Database.Statement>();
  constructor(private readonly db: Database.Database) {}

  private stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  // ── users ────────────────────────────────────────────────────────────────────────────────────
  createUser(input: UserInput): UserRecord {
    const username = checkNonEmpty(input?.username, 'username', 64);
    if (!USERNAME.test(username))
      throw badInput(
        'username',
        `username '${username}' must start with a letter or digit and use only letters, digits and . _ @ - (at most 64)`,
      );
    const role = checkRole(input.role);
    const createdAt = checkInt(input.createdAt, 'createdAt');
    const org = input.org === undefined ? 'default' : checkScopeId(input.org, 'org');
    if (!this.stmt('SELECT 1 FROM orgs WHERE id = ?').get(org)) throw notFound('organisation', org, 'org');
    const sites = checkSites(input.sites);
    if (role === 'device') throw badInput('role', 'a user cannot have the device role; devices use API keys');
    const passwordHash = optText(input.passwordHash, 'passwordHash', 1000);
    const issuer = input.oidc ? checkNonEmpty(input.oidc.issuer, 'oidc.issuer', 1000) : null;
    const subject = input.oidc ? checkNonEmpty(input.oidc.subject, 'oidc.subject', 1000) : null;
    if (passwordHash === null && issuer === null)
      throw badInput('passwordHash', 'a user needs a password hash or an OIDC identity');
    if (this.stmt('SELECT 1 FROM users WHERE username = ?').get(username))
      throw new XinzhiError('CONFLICT', `user '${username}' already exists`, { field: 'username' });
    if (issuer !== null && this.findUserByOidc(issuer, subject as string))
      throw new XinzhiError('CONFLICT', 'a user with this OIDC identity already exists', { field: 'oidc' });
    const info = this.stmt(
      `INSERT INTO users (username, role, org, sites, password_hash, oidc_issuer, oidc_subject, created_at, password_changed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      username,
      role,
      org,
      sites === null ? null : JSON.stringify(sites),
      passwordHash,
      issuer,
      subject,
      createdAt,
      passwordHash === null ? null : createdAt,
    );
    return this.getUser(Number(info.lastInsertRowid)) as UserRecord;
  }

  getUser(id: number): UserRecord | undefined {
    const r = this.stmt('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return r && toUser(r);
  }

  findUserByName(username: string): UserRecord | undefined {
    if (typeof username !== 'string') return undefined;
    const r = this.stmt('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    return r && toUser(r);
  }

  findUserByOidc(issuer: string, subject: string): UserRecord | undefined {
    const r = this.stmt('SELECT * FROM users WHERE oidc_issuer = ? AND oidc_subject = ?').get(
      issuer,
      subject,
    ) as UserRow | undefined;
    return r && toUser(r);
  }

  listUsers(org?: string): UserRecord[] {
    const rows =
      org === undefined
        ? this.stmt('SELECT * FROM users ORDER BY id').all()
        : this.stmt('SELECT * FROM users WHERE org = ? ORDER BY id').all(org);
    return (rows as UserRow[]).map(toUser);
  }

  updateUser(id: number, patch: UserPatch): UserRecord {
    checkInt(id, 'id');
    const before = this.getUser(id);
    if (!before) throw notFound('user', id, 'id');
    if (typeof patch !== 'object' || patch === null) throw badInput('patch', 'patch must be an object');
    const sets: string[] = [];
    const args: unknown[] = [];
    if (patch.passwordHash !== undefined) {
      sets.push('password_hash = ?', 'password_changed_at = ?');
      args.push(
        optText(patch.passwordHash, 'passwordHash', 1000),
        checkInt(patch.passwordChangedAt, 'passwordChangedAt'),
      );
    }
    if (patch.role !== undefined) {
      const role = checkRole(patch.role);
      if (role === 'device')
        throw badInput('role', 'a user cannot have the device role; devices use API keys');
      sets.push('role = ?');
      args.push(role);
    }
    if (patch.sites !== undefined) {
      const sites = checkSites(patch.sites);
      sets.push('sites = ?');
      args.push(sites === null ? null : JSON.stringify(sites));
    }
    if (patch.disabledAt !== undefined) {
      sets.push('disabled_at = ?');
      args.push(patch.disabledAt === null ? null : checkInt(patch.disabledAt, 'disabledAt'));
    }
    if (sets.length > 0) this.stmt(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
    return this.getUser(id) as UserRecord;
  }

  countUsers(): number {
    return this.stmt('SELECT count(*) FROM users').pluck().get() as number;
  }

  // ── sessions ─────────────────────────────────────────────────────────────────────────────────
  createSession(input: SessionInput): SessionRecord {
    if (typeof input?.hash !== 'string' || !SHA256_HEX.test(input.hash))
      throw badInput('hash', 'hash must be the lowercase hex SHA-256 of the session id, never the id');
    const userId = input.userId === null ? null : checkInt(input.userId, 'userId');
    const keyId = input.keyId === null ? null : checkInt(input.keyId, 'keyId');
    if ((userId === null) === (keyId === null))
      throw badInput('userId', 'a session belongs to a user or a key');
    const createdAt = checkInt(input.createdAt, 'createdAt');
    const expiresAt = checkInt(input.expiresAt, 'expiresAt');
    if (userId !== null && !this.getUser(userId)) throw notFound('user', userId, 'userId');
    if (keyId !== null && !this.stmt('SELECT 1 FROM api_keys WHERE id = ?').get(keyId))
      throw notFound('API key', keyId, 'keyId');
    this.stmt(
      `INSERT INTO sessions (hash, user_id, key_id, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      input.hash,
      userId,
      keyId,
      createdAt,
      createdAt,
      expiresAt,
      optText(input.ip, 'ip', 100),
      input.userAgent === null || input.userAgent === undefined
        ? null
        : String(input.userAgent).slice(0, 500),
    );
    return this.findSession(input.hash) as SessionRecord;
  }

  findSession(hash: string): SessionRecord | undefined {
    const r = this.stmt('SELECT * FROM sessions WHERE hash = ?').get(hash) as SessionRow | undefined;
    return r && toSession(r);
  }

  touchSession(hash: string, at: number): void {
    this.stmt('UPDATE sessions SET last_seen_at = max(last_seen_at, ?) WHERE hash = ?').run(
      checkInt(at, 'at'),
      hash,
    );
  }

  deleteSession(hash: string): void {
    this.stmt('DELETE FROM sessions WHERE hash = ?').run(hash);
  }

  deleteSessionsOf(owner: { userId: number } | { keyId: number }): number {
    if ('userId' in owner)
      return this.stmt('DELETE FROM sessions WHERE user_id = ?').run(checkInt(owner.userId, 'userId'))
        .changes;
    return this.stmt('DELETE FROM sessions WHERE key_id = ?').run(checkInt(owner.keyId, 'keyId')).changes;
  }

  purgeSessions(now: number, idleBefore: number): number {
    return this.stmt('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?').run(
      checkInt(now, 'now'),
      checkInt(idleBefore, 'idleBefore'),
    ).changes;
  }

  // ── audit log ────────────────────────────────────────────────────────────────────────────────
  appendAudit(input: AuditInput): AuditRecord {
    const ts = checkInt(input?.ts, 'ts');
    const actorKind = checkNonEmpty(input.actorKind, 'actorKind', 50);
    const actorName = checkNonEmpty(input.actorName, 'actorName', 200);
    const action = checkNonEmpty(input.action, 'action', 100);
    const info = this.stmt(
      `INSERT INTO audit_log (ts, actor_kind, actor_id, actor_name, org, action, method, path, target, status, ip, before, after, comment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      ts,
      actorKind,
      input.actorId === undefined || input.actorId === null ? null : checkInt(input.actorId, 'actorId'),
      actorName,
      optText(input.org, 'org', 100),
      action,
      optText(input.method, 'method', 10),
      optText(input.path, 'path', 2000),
      optText(input.target, 'target', 2000),
      input.status === undefined || input.status === null ? null : checkInt(input.status, 'status'),
      optText(input.ip, 'ip', 100),
      snapshot(input.before, 'before'),
      snapshot(input.after, 'after'),
      optText(input.comment, 'comment', 2000),
    );
    return toAudit(this.stmt('SELECT * FROM audit_log WHERE id = ?').get(info.lastInsertRowid) as AuditRow);
  }

  listAudit(f: AuditFilter = {}): AuditRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.from !== undefined) {
      where.push('ts >= ?');
      args.push(checkInt(f.from, 'from'));
    }
    if (f.to !== undefined) {
      where.push('ts < ?');
      args.push(checkInt(f.to, 'to'));
    }
    if (f.org !== undefined) {
      where.push('org = ?');
      args.push(f.org);
    }
    if (f.actor !== undefined) {
      where.push('actor_name = ?');
      args.push(f.actor);
    }
    if (f.action !== undefined) {
      if (f.action.endsWith('.')) {
        where.push('substr(action, 1, length(?)) = ?');
        args.push(f.action, f.action);
      } else {
        where.push('action = ?');
        args.push(f.action);
      }
    }
    if (f.target !== undefined) {
      where.push('target = ?');
      args.push(f.target);
    }
    if (f.beforeId !== undefined) {
      where.push('id < ?');
      args.push(checkInt(f.beforeId, 'beforeId'));
    }
    const limit = f.limit === undefined ? 100 : checkInt(f.limit, 'limit');
    if (limit < 1 || limit > 10_000) throw badInput('limit', 'limit must be between 1 and 10000');
    const sql = `SELECT * FROM audit_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.stmt(sql).all(...args, limit) as AuditRow[]).map(toAudit);
  }
}
