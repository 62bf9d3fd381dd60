/**
 * The non-time-series records of the SQLite store: events, quarantine, imports, API keys and the
 * generic document store. JSON columns hold the free-form parts (event data, reasons, docs). The
 * checks, row mapping and filters are both stores' (store/record-rows.ts).
 */
import type Database from 'better-sqlite3';
import { type XEvent, XinzhiError } from '../../core/index.js';
import * as recordRows from '../record-rows.js';
import { SQLITE_STYLE as STYLE } from '../sql-style.js';
import type * as store from '../store.js';
import { badInput, checkInt, notFound } from '../validate.js';
import { Statements } from './statements.js';

export class Records {
  private readonly statements: Statements;

  constructor(
    db: Database.Database,
    private readonly now: () => number,
  ) {
    this.statements = new Statements(db);
  }

  private stmt(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  // ── events ──────────────────────────────────────────────────────────────────────────────────
  appendEvent(input: store.EventInput): XEvent {
    const info = this.stmt(
      'INSERT INTO events (ts, kind, severity, asset_id, series_id, message, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(...recordRows.eventValues(STYLE, input));
    return recordRows.toEvent(
      this.stmt('SELECT * FROM events WHERE id = ?').get(info.lastInsertRowid) as recordRows.EventRow,
    );
  }

  listEvents(f: store.EventFilter = {}): XEvent[] {
    const { sql, args } = recordRows.eventsQuery(STYLE, f);
    return (this.stmt(sql).all(...args) as recordRows.EventRow[]).map(recordRows.toEvent);
  }

  // ── quarantine ─────────────────────────────────────────────────────────────────────────────
  /** Must run inside a transaction (the caller's), so a batch is added whole or not at all. */
  addQuarantine(rows: readonly store.QuarantineInput[]): number[] {
    if (!Array.isArray(rows)) throw badInput('rows', 'addQuarantine expects an array');
    const insert = this.stmt(
      'INSERT INTO quarantine (import_id, source, location, raw, reasons, series_id, ts) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    return rows.map((r, i) => {
      const v = recordRows.quarantineValues(STYLE, r, i);
      const info = insert.run(v.importId, v.source, v.location, v.raw, v.reasons, v.seriesId, v.ts);
      return Number(info.lastInsertRowid);
    });
  }

  listQuarantine(f: store.QuarantineFilter = {}): store.QuarantineRow[] {
    const { sql, args } = recordRows.quarantineQuery(STYLE, f);
    return (this.stmt(sql).all(...args) as recordRows.QuarantineDbRow[]).map(recordRows.toQuarantine);
  }

  countQuarantine(f: store.QuarantineFilter = {}): number {
    const w = recordRows.quarantineWhere(STYLE, f);
    return Number(
      this.stmt(`SELECT count(*) FROM quarantine${w.sql}`)
        .pluck()
        .get(...w.args),
    );
  }

  getQuarantine(id: number): store.QuarantineRow | undefined {
    const r = this.stmt('SELECT * FROM quarantine WHERE id = ?').get(id) as
      | recordRows.QuarantineDbRow
      | undefined;
    return r && recordRows.toQuarantine(r);
  }

  resolveQuarantine(id: number, status: 'resubmitted' | 'discarded'): void {
    checkInt(id, 'id');
    recordRows.checkResolution(status);
    const info = this.stmt('UPDATE quarantine SET status = ? WHERE id = ?').run(status, id);
    if (info.changes === 0) throw notFound('quarantine row', id, 'id');
  }

  // ── imports ──────────────────────────────────────────────────────────────────────────────────
  createImport(input: { source: string; format: string; startedAt: number }): number {
    const info = this.stmt('INSERT INTO imports (source, format, started_at) VALUES (?, ?, ?)').run(
      ...recordRows.importValues(STYLE, input),
    );
    return Number(info.lastInsertRowid);
  }

  finishImport(id: number, s: store.ImportStats): void {
    const values = recordRows.importStatsValues(id, s);
    const info = this.stmt(
      `UPDATE imports SET finished_at = ?, rows = ?, accepted = ?, quarantined = ?, duplicates = ?, outliers = ?,
         series = ?, status = ?, error = ? WHERE id = ?`,
    ).run(...values, s.error ?? null, id);
    if (info.changes === 0) throw notFound('import', id, 'id');
  }

  getImport(id: number): store.ImportRecord | undefined {
    const r = this.stmt('SELECT * FROM imports WHERE id = ?').get(id) as recordRows.ImportRow | undefined;
    return r && recordRows.toImport(r);
  }

  /** Newest first. */
  listImports(limit?: number): store.ImportRecord[] {
    const n = limit === undefined ? -1 : recordRows.checkCount(limit, 'limit');
    return (this.stmt('SELECT * FROM imports ORDER BY id DESC LIMIT ?').all(n) as recordRows.ImportRow[]).map(
      recordRows.toImport,
    );
  }

  // ── API keys ─────────────────────────────────────────────────────────────────────────────────
  createApiKey(input: store.ApiKeyInput): store.ApiKeyRecord {
    const { name, role, hash, createdAt, org } = recordRows.apiKeyHead(STYLE, input);
    if (!this.stmt('SELECT 1 FROM orgs WHERE id = ?').get(org)) throw notFound('organisation', org, 'org');
    const { sites, asset } = recordRows.apiKeyScope(input, role);
    if (this.stmt('SELECT 1 FROM api_keys WHERE hash = ?').get(hash))
      throw new XinzhiError('CONFLICT', 'an API key with this hash already exists', { field: 'hash' });
    const info = this.stmt(
      'INSERT INTO api_keys (name, role, hash, created_at, org, sites, asset) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(name, role, hash, createdAt, org, sites, asset);
    return recordRows.toKey(
      this.stmt('SELECT * FROM api_keys WHERE id = ?').get(info.lastInsertRowid) as recordRows.KeyRow,
    );
  }

  /** Revoked keys are returned too (with `revokedAt`), so the caller can say why access is refused. */
  findApiKeyByHash(hash: string): store.ApiKeyRecord | undefined {
    const r = this.stmt('SELECT * FROM api_keys WHERE hash = ?').get(hash) as recordRows.KeyRow | undefined;
    return r && recordRows.toKey(r);
  }

  listApiKeys(): store.ApiKeyRecord[] {
    return (this.stmt('SELECT * FROM api_keys ORDER BY id').all() as recordRows.KeyRow[]).map(
      recordRows.toKey,
    );
  }

  revokeApiKey(id: number): void {
    checkInt(id, 'id');
    const info = this.stmt('UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?').run(
      this.now(),
      id,
    );
    if (info.changes === 0) throw notFound('API key', id, 'id');
  }

  /**
   * Every key ever created, revoked ones included, so that revoking all keys does not put a
   * server back into its first-run "no keys yet" state.
   */
  countApiKeys(): number {
    return this.stmt('SELECT count(*) FROM api_keys').pluck().get() as number;
  }
  // ── organisations and sites ──────────────────────────────────────────────────────────────────
  listOrgs(): store.OrgRecord[] {
    return (this.stmt('SELECT * FROM orgs ORDER BY id').all() as recordRows.OrgRow[]).map(recordRows.toOrg);
  }

  createOrg(input: { id: string; name: string; createdAt: number }): store.OrgRecord {
    const org = recordRows.orgValues(STYLE, input);
    if (this.stmt('SELECT 1 FROM orgs WHERE id = ?').get(org.id))
      throw new XinzhiError('CONFLICT', `organisation '${org.id}' already exists`, { field: 'id' });
    this.stmt('INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)').run(
      org.id,
      org.name,
      org.createdAt,
    );
    return org;
  }

  listSites(org?: string): store.SiteRecord[] {
    const rows =
      org === undefined
        ? this.stmt('SELECT * FROM sites ORDER BY id').all()
        : this.stmt('SELECT * FROM sites WHERE org = ? ORDER BY id').all(org);
    return (rows as recordRows.SiteRow[]).map(recordRows.toSite);
  }

  putSite(input: { id: string; org: string; name: string; createdAt: number }): store.SiteRecord {
    const { id, org, name, createdAt } = recordRows.siteValues(STYLE, input);
    if (!this.stmt('SELECT 1 FROM orgs WHERE id = ?').get(org)) throw notFound('organisation', org, 'org');
    this.stmt(
      `INSERT INTO sites (id, org, name, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET org = excluded.org, name = excluded.name`,
    ).run(id, org, name, createdAt);
    return recordRows.toSite(this.stmt('SELECT * FROM sites WHERE id = ?').get(id) as recordRows.SiteRow);
  }

  // ── documents ────────────────────────────────────────────────────────────────────────────────
  putDoc(ns: string, key: string, doc: unknown): void {
    const json = recordRows.docJson(STYLE, ns, key, doc);
    this.stmt(
      `INSERT INTO docs (ns, key, doc, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (ns, key) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`,
    ).run(ns, key, json, this.now());
  }

  getDoc<T>(ns: string, key: string): T | undefined {
    const s = this.stmt('SELECT doc FROM docs WHERE ns = ? AND key = ?').pluck().get(ns, key) as
      | string
      | undefined;
    return s === undefined ? undefined : (JSON.parse(s) as T);
  }

  listDocs<T>(ns: string, prefix = ''): Array<{ key: string; doc: T }> {
    const rows = this.stmt(
      'SELECT key, doc FROM docs WHERE ns = ? AND substr(key, 1, length(?)) = ? ORDER BY key',
    ).all(ns, prefix, prefix) as Array<{ key: string; doc: string }>;
    return rows.map((r) => ({ key: r.key, doc: JSON.parse(r.doc) as T }));
  }

  deleteDoc(ns: string, key: string): void {
    this.stmt('DELETE FROM docs WHERE ns = ? AND key = ?').run(ns, key);
  }
}
