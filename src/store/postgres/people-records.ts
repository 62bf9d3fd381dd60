/**
 * Users, sessions and the audit log in PostgreSQL (migration 5): the rules of
 * sqlite/people-records.ts. Usernames are unique without case through an index on lower(username)
 * (they are ASCII); the audit table's triggers refuse UPDATE, DELETE and TRUNCATE.
 */
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
import { type Queryable, sqlState } from './db.js';

const isId = (v: unknown): v is number => Number.isSafeInteger(v);

/** Optional text; NUL is refused (PostgreSQL TEXT cannot hold it). */
function optText(v: unknown, field: string, max: number): string | null {
  if (v === undefined || v === null) return null;
  const s = checkNonEmpty(v, field, max);
  if (s.includes('\u0000')) throw badInput(field, `${field} must not contain NUL characters`);
  return s;
}

export class PgPeopleRecords {
  constructor(private readonly db: Queryable) {}

  // ── users ────────────────────────────────────────────────────────────────────────────────────
  async createUser(input: UserInput): Promise<UserRecord> {
    const username = checkNonEmpty(input?.username, 'username', 64);
    if (!USERNAME.test(username))
      throw badInput(
        'username',
        `username '${username}' must start with a letter or digit and use only letters, digits and . _ @ - (at most 64)`,
      );
    const role = checkRole(input.role);
    const createdAt = checkInt(input.createdAt, 'createdAt');
    const org = input.org === undefined ? 'default' : checkScopeId(input.org, 'org');
    if ((await this.db.query('SELECT 1 FROM orgs WHERE id = $1', [org])).rowCount === 0)
      throw notFound('organisation', org, 'org');
    const sites = checkSites(input.sites);
    if (role === 'device') throw badInput('role', 'a user cannot have the device role; devices use API keys');
    const passwordHash = optText(input.passwordHash, 'passwordHash', 1000);
    const issuer = input.oidc ? optText(input.oidc.issuer, 'oidc.issuer', 1000) : null;
    const subject = input.oidc ? optText(input.oidc.subject, 'oidc.subject', 1000) : null;
    if (input.oidc && (issuer === null || subject === null))
      throw badInput('oidc', 'an OIDC identity needs an issuer and a subject');
    if (passwordHash === null && issuer === null)
      throw badInput('passwordHash', 'a user needs a password hash or an OIDC identity');
    try {
      const r = await this.db.query<UserRow>(
        `INSERT INTO users (username, role, org, sites, password_hash, oidc_issuer, oidc_subject, created_at, password_changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [
          username,
          role,
          org,
          sites === null ? null : JSON.stringify(sites),
          passwordHash,
          issuer,
          subject,
          createdAt,
          passwordHash === null ? null : createdAt,
        ],
      );
      return toUser(r.rows[0]!);
    } catch (e) {
      // The unique indexes decide, so two nodes creating the same user cannot both succeed.
      if (sqlState(e) === '23505') {
        const constraint = (e as { constraint?: string }).constraint ?? '';
        if (constraint === 'users_username')
          throw new XinzhiError('CONFLICT', `user '${username}' already exists`, { field: 'username' });
        throw new XinzhiError('CONFLICT', 'a user with this OIDC identity already exists', { field: 'oidc' });
      }
      throw e;
    }
  }

  async getUser(id: number): Promise<UserRecord | undefined> {
    if (!isId(id)) return undefined;
    const r = (await this.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id])).rows[0];
    return r && toUser(r);
  }

  async findUserByName(username: string): Promise<UserRecord | undefined> {
    if (typeof username !== 'string' || username.includes('\u0000')) return undefined;
    const r = (
      await this.db.query<UserRow>('SELECT * FROM users WHERE lower(username) = lower($1)', [username])
    ).rows[0];
    return r && toUser(r);
  }

  async findUserByOidc(issuer: string, subject: string): Promise<UserRecord | undefined> {
    if (typeof issuer !== 'string' || typeof subject !== 'string' || `${issuer}${subject}`.includes('\u0000'))
      return undefined;
    const r = (
      await this.db.query<UserRow>('SELECT * FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2', [
        issuer,
        subject,
      ])
    ).rows[0];
    return r && toUser(r);
  }

  async listUsers(org?: string): Promise<UserRecord[]> {
    const r =
      org === undefined
        ? await this.db.query<UserRow>('SELECT * FROM users ORDER BY id')
        : await this.db.query<UserRow>('SELECT * FROM users WHERE org = $1 ORDER BY id', [String(org)]);
    return r.rows.map(toUser);
  }

  async updateUser(id: number, patch: UserPatch): Promise<UserRecord> {
    checkInt(id, 'id');
    const before = await this.getUser(id);
    if (!before) throw notFound('user', id, 'id');
    if (typeof patch !== 'object' || patch === null) throw badInput('patch', 'patch must be an object');
    const sets: string[] = [];
    const args: unknown[] = [];
    const set = (col: string, v: unknown): void => {
      args.push(v);
      sets.push(`${col} = $${args.length}`);
    };
    if (patch.passwordHash !== undefined) {
      set('password_hash', optText(patch.passwordHash, 'passwordHash', 1000));
      set('password_changed_at', checkInt(patch.passwordChangedAt, 'passwordChangedAt'));
    }
    if (patch.role !== undefined) {
      const role = checkRole(patch.role);
      if (role === 'device')
        throw badInput('role', 'a user cannot have the device role; devices use API keys');
      set('role', role);
    }
    if (patch.sites !== undefined) {
      const sites = checkSites(patch.sites);
      set('sites', sites === null ? null : JSON.stringify(sites));
    }
    if (patch.disabledAt !== undefined)
      set('disabled_at', patch.disabledAt === null ? null : checkInt(patch.disabledAt, 'disabledAt'));
    if (sets.length > 0) {
      args.push(id);
      await this.db.query(`UPDATE users SET ${sets.join(', ')} WHERE id = $${args.length}`, args);
    }
    return (await this.getUser(id)) as UserRecord;
  }

  async countUsers(): Promise<number> {
    return (await this.db.query<{ n: number }>('SELECT count(*) AS n FROM users')).rows[0]!.n;
  }

  // ── sessions ─────────────────────────────────────────────────────────────────────────────────
  async createSession(input: SessionInput): Promise<SessionRecord> {
    if (typeof input?.hash !== 'string' || !SHA256_HEX.test(input.hash))
      throw badInput('hash', 'hash must be the lowercase hex SHA-256 of the session id, never the id');
    const userId = input.userId === null ? null : checkInt(input.userId, 'userId');
    const keyId = input.keyId === null ? null : checkInt(input.keyId, 'keyId');
    if ((userId === null) === (keyId === null))
      throw badInput('userId', 'a session belongs to a user or a key');
    const createdAt = checkInt(input.createdAt, 'createdAt');
    const expiresAt = checkInt(input.expiresAt, 'expiresAt');
    if (userId !== null && !(await this.getUser(userId))) throw notFound('user', userId, 'userId');
    if (
      keyId !== null &&
      (await this.db.query('SELECT 1 FROM api_keys WHERE id = $1', [keyId])).rowCount === 0
    )
      throw notFound('API key', keyId, 'keyId');
    const agent =
      input.userAgent === null || input.userAgent === undefined
        ? null
        : String(input.userAgent).replaceAll('\u0000', '').slice(0, 500);
    const r = await this.db.query<SessionRow>(
      `INSERT INTO sessions (hash, user_id, key_id, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING *`,
      [input.hash, userId, keyId, createdAt, expiresAt, optText(input.ip, 'ip', 100), agent],
    );
    return toSession(r.rows[0]!);
  }

  async findSession(hash: string): Promise<SessionRecord | undefined> {
    if (typeof hash !== 'string' || !SHA256_HEX.test(hash)) return undefined;
    const r = (await this.db.query<SessionRow>('SELECT * FROM sessions WHERE hash = $1', [hash])).rows[0];
    return r && toSession(r);
  }

  async touchSession(hash: string, at: number): Promise<void> {
    const t = checkInt(at, 'at');
    if (typeof hash !== 'string' || !SHA256_HEX.test(hash)) return;
    await this.db.query('UPDATE sessions SET last_seen_at = greatest(last_seen_at, $1) WHERE hash = $2', [
      t,
      hash,
    ]);
  }

  async deleteSession(hash: string): Promise<void> {
    if (typeof hash !== 'string' || !SHA256_HEX.test(hash)) return;
    await this.db.query('DELETE FROM sessions WHERE hash = $1', [hash]);
  }

  async deleteSessionsOf(owner: { userId: number } | { keyId: number }): Promise<number> {
    const r =
      'userId' in owner
        ? await this.db.query('DELETE FROM sessions WHERE user_id = $1', [checkInt(owner.userId, 'userId')])
        : await this.db.query('DELETE FROM sessions WHERE key_id = $1', [checkInt(owner.keyId, 'keyId')]);
    return r.rowCount ?? 0;
  }

  async purgeSessions(now: number, idleBefore: number): Promise<number> {
    const r = await this.db.query('DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2', [
      checkInt(now, 'now'),
      checkInt(idleBefore, 'idleBefore'),
    ]);
    return r.rowCount ?? 0;
  }

  // ── audit log ────────────────────────────────────────────────────────────────────────────────
  async appendAudit(input: AuditInput): Promise<AuditRecord> {
    const ts = checkInt(input?.ts, 'ts');
    const actorKind = optText(checkNonEmpty(input.actorKind, 'actorKind', 50), 'actorKind', 50)!;
    const actorName = optText(checkNonEmpty(input.actorName, 'actorName', 200), 'actorName', 200)!;
    const action = optText(checkNonEmpty(input.action, 'action', 100), 'action', 100)!;
    const r = await this.db.query<AuditRow>(
      `INSERT INTO audit_log (ts, actor_kind, actor_id, actor_name, org, action, method, path, target, status, ip, before, after, comment)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING *`,
      [
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
      ],
    );
    return toAudit(r.rows[0]!);
  }

  async listAudit(f: AuditFilter = {}): Promise<AuditRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, v: unknown): void => {
      args.push(v);
      where.push(sql.replaceAll('?', `$${args.length}`));
    };
    if (f.from !== undefined) add('ts >= ?', checkInt(f.from, 'from'));
    if (f.to !== undefined) add('ts < ?', checkInt(f.to, 'to'));
    if (f.org !== undefined) add('org = ?', String(f.org));
    if (f.actor !== undefined) add('actor_name = ?', String(f.actor));
    if (f.action !== undefined) {
      if (f.action.endsWith('.')) add('left(action, length(?)) = ?', f.action);
      else add('action = ?', f.action);
    }
    if (f.target !== undefined) add('target = ?', String(f.target));
    if (f.beforeId !== undefined) add('id < ?', checkInt(f.beforeId, 'beforeId'));
    const limit = f.limit === undefined ? 100 : checkInt(f.limit, 'limit');
    if (limit < 1 || limit > 10_000) throw badInput('limit', 'limit must be between 1 and 10000');
    args.push(limit);
    const sql = `SELECT * FROM audit_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${args.length}`;
    return (await this.db.query<AuditRow>(sql, args)).rows.map(toAudit);
  }
}
