/**
 * Users, sessions and the audit log in SQLite (migration 5). The audit table's triggers refuse
 * UPDATE and DELETE, so the log stays append-only whoever opens the file.
 */
import type Database from 'better-sqlite3';
import { XinzhiError } from '../../core/index.js';
import type * as people from '../people.js';
import * as peopleRows from '../people-rows.js';
import { SQLITE_STYLE as STYLE } from '../sql-style.js';
import { badInput, checkInt, checkNonEmpty, notFound } from '../validate.js';
import { Statements } from './statements.js';

export class PeopleRecords {
  private readonly statements: Statements;
  constructor(db: Database.Database) {
    this.statements = new Statements(db);
  }

  private stmt(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  // ── users ────────────────────────────────────────────────────────────────────────────────────
  createUser(input: people.UserInput): people.UserRecord {
    const { username, role, createdAt, org } = peopleRows.userHead(input);
    if (!this.stmt('SELECT 1 FROM orgs WHERE id = ?').get(org)) throw notFound('organisation', org, 'org');
    const { sites, passwordHash } = peopleRows.userBody(STYLE, input, role);
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
    ).run(...peopleRows.userValues({ username, role, org, sites, passwordHash, issuer, subject, createdAt }));
    return this.getUser(Number(info.lastInsertRowid)) as people.UserRecord;
  }

  getUser(id: number): people.UserRecord | undefined {
    const r = this.stmt('SELECT * FROM users WHERE id = ?').get(id) as peopleRows.UserRow | undefined;
    return r && peopleRows.toUser(r);
  }

  findUserByName(username: string): people.UserRecord | undefined {
    if (typeof username !== 'string') return undefined;
    const r = this.stmt('SELECT * FROM users WHERE username = ?').get(username) as
      | peopleRows.UserRow
      | undefined;
    return r && peopleRows.toUser(r);
  }

  findUserByOidc(issuer: string, subject: string): people.UserRecord | undefined {
    const r = this.stmt('SELECT * FROM users WHERE oidc_issuer = ? AND oidc_subject = ?').get(
      issuer,
      subject,
    ) as peopleRows.UserRow | undefined;
    return r && peopleRows.toUser(r);
  }

  listUsers(org?: string): people.UserRecord[] {
    const rows =
      org === undefined
        ? this.stmt('SELECT * FROM users ORDER BY id').all()
        : this.stmt('SELECT * FROM users WHERE org = ? ORDER BY id').all(org);
    return (rows as peopleRows.UserRow[]).map(peopleRows.toUser);
  }

  updateUser(id: number, patch: people.UserPatch): people.UserRecord {
    checkInt(id, 'id');
    const before = this.getUser(id);
    if (!before) throw notFound('user', id, 'id');
    const sets = peopleRows.userPatchColumns(STYLE, patch);
    if (sets.length > 0)
      this.stmt(`UPDATE users SET ${sets.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`).run(
        ...sets.map(([, value]) => value),
        id,
      );
    return this.getUser(id) as people.UserRecord;
  }

  countUsers(): number {
    return this.stmt('SELECT count(*) FROM users').pluck().get() as number;
  }

  // ── sessions ─────────────────────────────────────────────────────────────────────────────────
  createSession(input: people.SessionInput): people.SessionRecord {
    const { hash, userId, keyId, createdAt, expiresAt } = peopleRows.sessionHead(input);
    if (userId !== null && !this.getUser(userId)) throw notFound('user', userId, 'userId');
    if (keyId !== null && !this.stmt('SELECT 1 FROM api_keys WHERE id = ?').get(keyId))
      throw notFound('API key', keyId, 'keyId');
    this.stmt(
      `INSERT INTO sessions (hash, user_id, key_id, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      hash,
      userId,
      keyId,
      createdAt,
      createdAt,
      expiresAt,
      peopleRows.optText(STYLE, input.ip, 'ip', 100),
      input.userAgent === null || input.userAgent === undefined
        ? null
        : String(input.userAgent).slice(0, 500),
    );
    return this.findSession(hash) as people.SessionRecord;
  }

  findSession(hash: string): people.SessionRecord | undefined {
    const r = this.stmt('SELECT * FROM sessions WHERE hash = ?').get(hash) as
      | peopleRows.SessionRow
      | undefined;
    return r && peopleRows.toSession(r);
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
  appendAudit(input: people.AuditInput): people.AuditRecord {
    const info = this.stmt(
      `INSERT INTO audit_log (ts, actor_kind, actor_id, actor_name, org, action, method, path, target, status, ip, before, after, comment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(...peopleRows.auditValues(STYLE, input));
    return peopleRows.toAudit(
      this.stmt('SELECT * FROM audit_log WHERE id = ?').get(info.lastInsertRowid) as peopleRows.AuditRow,
    );
  }

  listAudit(f: people.AuditFilter = {}): people.AuditRecord[] {
    const { sql, args } = peopleRows.auditQuery(STYLE, f);
    return (this.stmt(sql).all(...args) as peopleRows.AuditRow[]).map(peopleRows.toAudit);
  }
}
