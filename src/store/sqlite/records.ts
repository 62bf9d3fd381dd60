/**
 * The non-time-series records of the SQLite store: events, quarantine, imports, API keys and the
 * generic document store. JSON columns hold the free-form parts (event data, reasons, docs).
 */
import type Database from 'better-sqlite3';
import { type Role, type Severity, type XEvent, XinzhiError } from '../../core/index.js';
import type {
  ApiKeyInput,
  ApiKeyRecord,
  EventFilter,
  EventInput,
  ImportRecord,
  ImportStats,
  OrgRecord,
  QuarantineFilter,
  QuarantineInput,
  QuarantineRow,
  SiteRecord,
} from '../store.js';
import {
  badInput,
  checkInt,
  checkNonEmpty,
  checkPath,
  checkRole,
  checkSegment,
  checkSeverity,
  notFound,
} from '../validate.js';

type EventRow = {
  id: number;
  ts: number;
  kind: string;
  severity: string;
  asset_id: string | null;
  series_id: string | null;
  message: string;
  data: string;
};
type QuarantineDbRow = {
  id: number;
  import_id: number | null;
  source: string;
  location: string;
  raw: string;
  reasons: string;
  series_id: string | null;
  ts: number;
  status: QuarantineRow['status'];
};
type ImportRow = {
  id: number;
  source: string;
  format: string;
  started_at: number;
  finished_at: number | null;
  rows: number | null;
  accepted: number | null;
  quarantined: number | null;
  duplicates: number | null;
  outliers: number | null;
  series: string | null;
  status: ImportStats['status'] | null;
  error: string | null;
};
type KeyRow = {
  id: number;
  name: string;
  role: string;
  hash: string;
  created_at: number;
  revoked_at: number | null;
  org: string;
  sites: string | null;
  asset: string | null;
};
type OrgRow = { id: string; name: string; created_at: number };
type SiteRow = { id: string; org: string; name: string; created_at: number };

const toEvent = (r: EventRow): XEvent => ({
  id: r.id,
  ts: r.ts,
  kind: r.kind,
  severity: r.severity as Severity,
  assetId: r.asset_id,
  seriesId: r.series_id,
  message: r.message,
  data: JSON.parse(r.data) as Record<string, unknown>,
});

const toQuarantine = (r: QuarantineDbRow): QuarantineRow => ({
  id: r.id,
  importId: r.import_id,
  source: r.source,
  location: r.location,
  raw: r.raw,
  reasons: JSON.parse(r.reasons) as QuarantineRow['reasons'],
  seriesId: r.series_id,
  ts: r.ts,
  status: r.status,
});

function toImport(r: ImportRow): ImportRecord {
  const base = { id: r.id, source: r.source, format: r.format, startedAt: r.started_at };
  if (r.finished_at === null) return base;
  return {
    ...base,
    finishedAt: r.finished_at,
    rows: r.rows ?? 0,
    accepted: r.accepted ?? 0,
    quarantined: r.quarantined ?? 0,
    duplicates: r.duplicates ?? 0,
    outliers: r.outliers ?? 0,
    series: JSON.parse(r.series ?? '[]') as string[],
    status: r.status ?? 'done',
    ...(r.error === null ? {} : { error: r.error }),
  };
}

const toKey = (r: KeyRow): ApiKeyRecord => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  hash: r.hash,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  org: r.org,
  sites: r.sites === null ? null : (JSON.parse(r.sites) as string[]),
  asset: r.asset,
});
const toOrg = (r: OrgRow): OrgRecord => ({ id: r.id, name: r.name, createdAt: r.created_at });
const toSite = (r: SiteRow): SiteRecord => ({ id: r.id, org: r.org, name: r.name, createdAt: r.created_at });

/** Organisation and site ids are one path segment: they are the first segment of asset paths. */
function checkScopeId(v: unknown, field: string): string {
  const id = checkNonEmpty(v, field, 100);
  checkSegment(id, field);
  return id;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const IMPORT_STATUS = ['done', 'failed', 'aborted'];

function checkObject(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw badInput(field, `${field} must be a JSON object`);
  return v as Record<string, unknown>;
}

function checkCount(v: unknown, field: string): number {
  const n = checkInt(v, field);
  if (n < 0) throw badInput(field, `${field} must be ≥ 0`);
  return n;
}

export class Records {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {}

  /** Prepared statements cached by their SQL (the filters build a few distinct shapes). */
  private stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  // ── events ──────────────────────────────────────────────────────────────────────────────────
  appendEvent(input: EventInput): XEvent {
    if (typeof input !== 'object' || input === null) throw badInput('event', 'event must be an object');
    const ts = checkInt(input.ts, 'ts');
    const kind = checkNonEmpty(input.kind, 'kind', 200);
    const severity = checkSeverity(input.severity ?? 'info');
    if (typeof input.message !== 'string') throw badInput('message', 'message must be a string');
    const assetId = input.assetId == null ? null : checkPath(input.assetId, 'assetId');
    const seriesId = input.seriesId == null ? null : checkPath(input.seriesId, 'seriesId');
    const data = JSON.stringify(input.data === undefined ? {} : checkObject(input.data, 'data'));
    const info = this.stmt(
      'INSERT INTO events (ts, kind, severity, asset_id, series_id, message, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(ts, kind, severity, assetId, seriesId, input.message, data);
    return toEvent(this.stmt('SELECT * FROM events WHERE id = ?').get(info.lastInsertRowid) as EventRow);
  }

  listEvents(f: EventFilter = {}): XEvent[] {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, v: unknown): void => {
      where.push(sql);
      args.push(v);
    };
    if (f.from !== undefined) add('ts >= ?', checkInt(f.from, 'from'));
    if (f.to !== undefined) add('ts < ?', checkInt(f.to, 'to'));
    if (f.kind !== undefined) add('kind = ?', f.kind);
    if (f.assetId !== undefined) add('asset_id = ?', f.assetId);
    if (f.seriesId !== undefined) add('series_id = ?', f.seriesId);
    if (f.afterId !== undefined) add('id > ?', checkInt(f.afterId, 'afterId'));
    const dir = f.order === 'desc' ? 'DESC' : 'ASC';
    const limit = f.limit === undefined ? -1 : checkCount(f.limit, 'limit');
    const sql = `SELECT * FROM events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ts ${dir}, id ${dir} LIMIT ?`;
    return (this.stmt(sql).all(...args, limit) as EventRow[]).map(toEvent);
  }

  // ── quarantine ─────────────────────────────────────────────────────────────────────────────
  /** Must run inside a transaction (the caller's), so a batch is added whole or not at all. */
  addQuarantine(rows: readonly QuarantineInput[]): number[] {
    if (!Array.isArray(rows)) throw badInput('rows', 'addQuarantine expects an array');
    const insert = this.stmt(
      'INSERT INTO quarantine (import_id, source, location, raw, reasons, series_id, ts) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    return rows.map((r, i) => {
      const at = `rows[${i}]`;
      if (typeof r !== 'object' || r === null) throw badInput(at, `${at} must be an object`);
      const importId = r.importId === null ? null : checkInt(r.importId, `${at}.importId`);
      const source = checkNonEmpty(r.source, `${at}.source`, 50);
      if (typeof r.location !== 'string') throw badInput(`${at}.location`, `${at}.location must be a string`);
      if (typeof r.raw !== 'string') throw badInput(`${at}.raw`, `${at}.raw must be a string`);
      if (!Array.isArray(r.reasons) || r.reasons.length === 0)
        throw badInput(`${at}.reasons`, `${at}.reasons must be a non-empty array`);
      (r.reasons as readonly unknown[]).forEach((x, j) => {
        const reason = x as { code?: unknown; message?: unknown } | null;
        if (typeof reason?.code !== 'string' || typeof reason?.message !== 'string')
          throw badInput(`${at}.reasons[${j}]`, `${at}.reasons[${j}] needs a string code and message`);
      });
      const ts = checkInt(r.ts, `${at}.ts`);
      const seriesId = r.seriesId == null ? null : String(r.seriesId);
      const info = insert.run(importId, source, r.location, r.raw, JSON.stringify(r.reasons), seriesId, ts);
      return Number(info.lastInsertRowid);
    });
  }

  listQuarantine(f: QuarantineFilter = {}): QuarantineRow[] {
    const { where, args } = this.quarantineWhere(f);
    const limit = f.limit === undefined ? -1 : checkCount(f.limit, 'limit');
    const offset = f.offset === undefined ? 0 : checkCount(f.offset, 'offset');
    const sql = `SELECT * FROM quarantine${where} ORDER BY id LIMIT ? OFFSET ?`;
    return (this.stmt(sql).all(...args, limit, offset) as QuarantineDbRow[]).map(toQuarantine);
  }

  countQuarantine(f: QuarantineFilter = {}): number {
    const { where, args } = this.quarantineWhere(f);
    return Number(
      this.stmt(`SELECT count(*) FROM quarantine${where}`)
        .pluck()
        .get(...args),
    );
  }

  private quarantineWhere(f: QuarantineFilter): { where: string; args: unknown[] } {
    if (typeof f !== 'object' || f === null) throw badInput('filter', 'filter must be an object');
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.importId !== undefined) {
      where.push('import_id = ?');
      args.push(checkInt(f.importId, 'importId'));
    }
    if (f.seriesId !== undefined) {
      where.push('series_id = ?');
      args.push(f.seriesId);
    }
    if (f.status !== undefined) {
      if (!['open', 'resubmitted', 'discarded'].includes(f.status))
        throw badInput('status', 'status must be open, resubmitted or discarded');
      where.push('status = ?');
      args.push(f.status);
    }
    return { where: where.length ? ` WHERE ${where.join(' AND ')}` : '', args };
  }

  getQuarantine(id: number): QuarantineRow | undefined {
    const r = this.stmt('SELECT * FROM quarantine WHERE id = ?').get(id) as QuarantineDbRow | undefined;
    return r && toQuarantine(r);
  }

  resolveQuarantine(id: number, status: 'resubmitted' | 'discarded'): void {
    checkInt(id, 'id');
    if (status !== 'resubmitted' && status !== 'discarded')
      throw badInput('status', `status must be resubmitted or discarded; got ${JSON.stringify(status)}`);
    const info = this.stmt('UPDATE quarantine SET status = ? WHERE id = ?').run(status, id);
    if (info.changes === 0) throw notFound('quarantine row', id, 'id');
  }

  // ── imports ──────────────────────────────────────────────────────────────────────────────────
  createImport(input: { source: string; format: string; startedAt: number }): number {
    const source = checkNonEmpty(input?.source, 'source');
    const format = checkNonEmpty(input.format, 'format', 50);
    const startedAt = checkInt(input.startedAt, 'startedAt');
    const info = this.stmt('INSERT INTO imports (source, format, started_at) VALUES (?, ?, ?)').run(
      source,
      format,
      startedAt,
    );
    return Number(info.lastInsertRowid);
  }

  finishImport(id: number, s: ImportStats): void {
    checkInt(id, 'id');
    if (typeof s !== 'object' || s === null) throw badInput('stats', 'stats must be an object');
    if (!IMPORT_STATUS.includes(s.status)) throw badInput('status', 'status must be done, failed or aborted');
    if (!Array.isArray(s.series) || s.series.some((x) => typeof x !== 'string'))
      throw badInput('series', 'series must be an array of series ids');
    const info = this.stmt(
      `UPDATE imports SET finished_at = ?, rows = ?, accepted = ?, quarantined = ?, duplicates = ?, outliers = ?,
         series = ?, status = ?, error = ? WHERE id = ?`,
    ).run(
      checkInt(s.finishedAt, 'finishedAt'),
      checkCount(s.rows, 'rows'),
      checkCount(s.accepted, 'accepted'),
      checkCount(s.quarantined, 'quarantined'),
      checkCount(s.duplicates, 'duplicates'),
      checkCount(s.outliers, 'outliers'),
      JSON.stringify(s.series),
      s.status,
      s.error ?? null,
      id,
    );
    if (info.changes === 0) throw notFound('import', id, 'id');
  }

  getImport(id: number): ImportRecord | undefined {
    const r = this.stmt('SELECT * FROM imports WHERE id = ?').get(id) as ImportRow | undefined;
    return r && toImport(r);
  }

  /** Newest first. */
  listImports(limit?: number): ImportRecord[] {
    const n = limit === undefined ? -1 : checkCount(limit, 'limit');
    return (this.stmt('SELECT * FROM imports ORDER BY id DESC LIMIT ?').all(n) as ImportRow[]).map(toImport);
  }

  // ── API keys ─────────────────────────────────────────────────────────────────────────────────
  createApiKey(input: ApiKeyInput): ApiKeyRecord {
    const name = checkNonEmpty(input?.name, 'name', 200);
    const role = checkRole(input.role);
    if (typeof input.hash !== 'string' || !SHA256_HEX.test(input.hash))
      throw badInput(
        'hash',
        'hash must be the lowercase hex SHA-256 of the secret (64 characters), never the secret',
      );
    const createdAt = checkInt(input.createdAt, 'createdAt');
    const org = input.org === undefined ? 'default' : checkScopeId(input.org, 'org');
    if (!this.stmt('SELECT 1 FROM orgs WHERE id = ?').get(org)) throw notFound('organisation', org, 'org');
    const sites =
      input.sites === undefined || input.sites === null
        ? null
        : input.sites.map((x, i) => checkScopeId(x, `sites[${i}]`));
    if (sites !== null && sites.length === 0)
      throw badInput('sites', 'sites must name at least one site, or be null for all');
    const asset = input.asset === undefined || input.asset === null ? null : checkPath(input.asset, 'asset');
    if ((role === 'device') !== (asset !== null))
      throw badInput('asset', 'a device key needs an asset path, and only a device key has one');
    if (this.stmt('SELECT 1 FROM api_keys WHERE hash = ?').get(input.hash))
      throw new XinzhiError('CONFLICT', 'an API key with this hash already exists', { field: 'hash' });
    const info = this.stmt(
      'INSERT INTO api_keys (name, role, hash, created_at, org, sites, asset) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(name, role, input.hash, createdAt, org, sites === null ? null : JSON.stringify(sites), asset);
    return toKey(this.stmt('SELECT * FROM api_keys WHERE id = ?').get(info.lastInsertRowid) as KeyRow);
  }

  /** Revoked keys are returned too (with `revokedAt`), so the caller can say why access is refused. */
  findApiKeyByHash(hash: string): ApiKeyRecord | undefined {
    const r = this.stmt('SELECT * FROM api_keys WHERE hash = ?').get(hash) as KeyRow | undefined;
    return r && toKey(r);
  }

  listApiKeys(): ApiKeyRecord[] {
    return (this.stmt('SELECT * FROM api_keys ORDER BY id').all() as KeyRow[]).map(toKey);
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
  listOrgs(): OrgRecord[] {
    return (this.stmt('SELECT * FROM orgs ORDER BY id').all() as OrgRow[]).map(toOrg);
  }

  createOrg(input: { id: string; name: string; createdAt: number }): OrgRecord {
    const id = checkScopeId(input?.id, 'id');
    const name = checkNonEmpty(input.name, 'name', 200);
    const createdAt = checkInt(input.createdAt, 'createdAt');
    if (this.stmt('SELECT 1 FROM orgs WHERE id = ?').get(id))
      throw new XinzhiError('CONFLICT', `organisation '${id}' already exists`, { field: 'id' });
    this.stmt('INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)').run(id, name, createdAt);
    return { id, name, createdAt };
  }

  listSites(org?: string): SiteRecord[] {
    const rows =
      org === undefined
        ? this.stmt('SELECT * FROM sites ORDER BY id').all()
        : this.stmt('SELECT * FROM sites WHERE org = ? ORDER BY id').all(org);
    return (rows as SiteRow[]).map(toSite);
  }

  putSite(input: { id: string; org: string; name: string; createdAt: number }): SiteRecord {
    const id = checkScopeId(input?.id, 'id');
    const org = checkScopeId(input.org, 'org');
    const name = checkNonEmpty(input.name, 'name', 200);
    const createdAt = checkInt(input.createdAt, 'createdAt');
    if (!this.stmt('SELECT 1 FROM orgs WHERE id = ?').get(org)) throw notFound('organisation', org, 'org');
    this.stmt(
      `INSERT INTO sites (id, org, name, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET org = excluded.org, name = excluded.name`,
    ).run(id, org, name, createdAt);
    return toSite(this.stmt('SELECT * FROM sites WHERE id = ?').get(id) as SiteRow);
  }

  // ── documents ────────────────────────────────────────────────────────────────────────────────
  putDoc(ns: string, key: string, doc: unknown): void {
    checkNonEmpty(ns, 'ns', 200);
    checkNonEmpty(key, 'key', 1000);
    const json = doc === undefined ? undefined : JSON.stringify(doc);
    if (json === undefined)
      throw badInput('doc', 'doc must be JSON-serialisable (not undefined or a function)');
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
