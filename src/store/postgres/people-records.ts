/**
 * Users, sessions and the audit log in PostgreSQL (migration 5): the rules of
 * sqlite/people-records.ts. Usernames are unique without case through an index on lower(username)
 * (they are ASCII); the audit table's triggers refuse UPDATE, DELETE and TRUNCATE.
 */
import { XinzhiError } from '../../core/index.js';
import type * as people from '../people.js';
import * as peopleRows from '../people-rows.js';
import { POSTGRES_STYLE as STYLE } from '../sql-style.js';
import { badInput, checkInt, notFound } from '../validate.js';
import { type Queryable, sqlState } from './db.js';

const isId = (v: unknown): v is number => Number.isSafeInteger(v);

export class PgPeopleRecords {
  constructor(private readonly db: Queryable) {}

  // ── users ────────────────────────────────────────────────────────────────────────────────────
  async createUser(input: people.UserInput): Promise<people.UserRecord> {
    const { username, role, createdAt, org } = peopleRows.userHead(input);
    if ((await this.db.query('SELECT 1 FROM orgs WHERE id = $1', [org])).rowCount === 0)
      throw notFound('organisation', org, 'org');
    const { sites, passwordHash } = peopleRows.userBody(STYLE, input, role);
    const issuer = input.oidc ? peopleRows.optText(STYLE, input.oidc.issuer, 'oidc.issuer', 1000) : null;
    const subject = input.oidc ? peopleRows.optText(STYLE, input.oidc.subject, 'oidc.subject', 1000) : null;
    if (input.oidc && (issuer === null || subject === null))
      throw badInput('oidc', 'an OIDC identity needs an issuer and a subject');
    if (passwordHash === null && issuer === null)
      throw badInput('passwordHash', 'a user needs a password hash or an OIDC identity');
    try {
      const r = await this.db.query<peopleRows.UserRow>(
        `INSERT INTO users (username, role, org, sites, password_hash, oidc_issuer, oidc_subject, created_at, password_changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        peopleRows.userValues({ username, role, org, sites, passwordHash, issuer, subject, createdAt }),
      );
      return peopleRows.toUser(r.rows[0]!);
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

  async getUser(id: number): Promise<people.UserRecord | undefined> {
    if (!isId(id)) return undefined;
    const r = (await this.db.query<peopleRows.UserRow>('SELECT * FROM users WHERE id = $1', [id])).rows[0];
    return r && peopleRows.toUser(r);
  }

  async findUserByName(username: string): Promise<people.UserRecord | undefined> {
    if (typeof username !== 'string' || username.includes('\u0000')) return undefined;
    const r = (
      await this.db.query<peopleRows.UserRow>('SELECT * FROM users WHERE lower(username) = lower($1)', [
        username,
      ])
    ).rows[0];
    return r && peopleRows.toUser(r);
  }

  async findUserByOidc(issuer: string, subject: string): Promise<people.UserRecord | undefined> {
    if (typeof issuer !== 'string' || typeof subject !== 'string' || `${issuer}${subject}`.includes('\u0000'))
      return undefined;
    const r = (
      await this.db.query<peopleRows.UserRow>(
        'SELECT * FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2',
        [issuer, subject],
      )
    ).rows[0];
    return r && peopleRows.toUser(r);
  }

  async listUsers(org?: string): Promise<people.UserRecord[]> {
    const r =
      org === undefined
        ? await this.db.query<peopleRows.UserRow>('SELECT * FROM users ORDER BY id')
        : await this.db.query<peopleRows.UserRow>('SELECT * FROM users WHERE org = $1 ORDER BY id', [
            String(org),
          ]);
    return r.rows.map(peopleRows.toUser);
  }

  async updateUser(id: number, patch: people.UserPatch): Promise<people.UserRecord> {
    checkInt(id, 'id');
    const before = await this.getUser(id);
    if (!before) throw notFound('user', id, 'id');
    const sets = peopleRows.userPatchColumns(STYLE, patch);
    if (sets.length > 0)
      await this.db.query(
        `UPDATE users SET ${sets.map(([column], i) => `${column} = $${i + 1}`).join(', ')} WHERE id = $${sets.length + 1}`,
        [...sets.map(([, value]) => value), id],
      );
    return (await this.getUser(id)) as people.UserRecord;
  }

  async countUsers(): Promise<number> {
    return (await this.db.query<{ n: number }>('SELECT count(*) AS n FROM users')).rows[0]!.n;
  }

  // ── sessions ─────────────────────────────────────────────────────────────────────────────────
  async createSession(input: people.SessionInput): Promise<people.SessionRecord> {
    const { hash, userId, keyId, createdAt, expiresAt } = peopleRows.sessionHead(input);
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
    const r = await this.db.query<peopleRows.SessionRow>(
      `INSERT INTO sessions (hash, user_id, key_id, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING *`,
      [hash, userId, keyId, createdAt, expiresAt, peopleRows.optText(STYLE, input.ip, 'ip', 100), agent],
    );
    return peopleRows.toSession(r.rows[0]!);
  }

  async findSession(hash: string): Promise<people.SessionRecord | undefined> {
    if (typeof hash !== 'string' || !peopleRows.SHA256_HEX.test(hash)) return undefined;
    const r = (await this.db.query<peopleRows.SessionRow>('SELECT * FROM sessions WHERE hash = $1', [hash]))
      .rows[0];
    return r && peopleRows.toSession(r);
  }

  async touchSession(hash: string, at: number): Promise<void> {
    const t = checkInt(at, 'at');
    if (typeof hash !== 'string' || !peopleRows.SHA256_HEX.test(hash)) return;
    await this.db.query('UPDATE sessions SET last_seen_at = greatest(last_seen_at, $1) WHERE hash = $2', [
      t,
      hash,
    ]);
  }

  async deleteSession(hash: string): Promise<void> {
    if (typeof hash !== 'string' || !peopleRows.SHA256_HEX.test(hash)) return;
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
  async appendAudit(input: people.AuditInput): Promise<people.AuditRecord> {
    const r = await this.db.query<peopleRows.AuditRow>(
      `INSERT INTO audit_log (ts, actor_kind, actor_id, actor_name, org, action, method, path, target, status, ip, before, after, comment)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING *`,
      peopleRows.auditValues(STYLE, input),
    );
    return peopleRows.toAudit(r.rows[0]!);
  }

  async listAudit(f: people.AuditFilter = {}): Promise<people.AuditRecord[]> {
    const { sql, args } = peopleRows.auditQuery(STYLE, f);
    return (await this.db.query<peopleRows.AuditRow>(sql, args)).rows.map(peopleRows.toAudit);
  }
}
