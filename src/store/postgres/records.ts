/**
 * The non-time-series records of the PostgreSQL store: events, quarantine, imports, API keys,
 * organisations and sites, and the document store; the rules of sqlite/records.ts, with the
 * same checks (store/validate.ts) so both stores refuse the same inputs with the same fields.
 */
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
import type { Queryable } from './db.js';

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
  raw: Buffer;
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
  raw: r.raw.toString('utf8'),
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

function checkScopeId(v: unknown, field: string): string {
  const id = checkNonEmpty(v, field, 100);
  checkSegment(id, field);
  return id;
}

/** PostgreSQL TEXT cannot hold NUL; refused here with the field named rather than as a driver error. */
function checkText(v: string, field: string): string {
  if (v.includes('\u0000')) throw badInput(field, `${field} must not contain NUL characters`);
  return v;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const IMPORT_STATUS = ['done', 'failed', 'aborted'];
/** An id a BIGINT column can hold; anything else cannot name a stored row. */
const isId = (v: unknown): v is number => Number.isSafeInteger(v);

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

export class PgRecords {
  constructor(
    private readonly db: Queryable,
    private readonly now: () => number,
  ) {}

  // ── events ──────────────────────────────────────────────────────────────────────────────────
  async appendEvent(input: EventInput, c: Queryable = this.db): Promise<XEvent> {
    if (typeof input !== 'object' || input === null) throw badInput('event', 'event must be an object');
    const ts = checkInt(input.ts, 'ts');
    const kind = checkText(checkNonEmpty(input.kind, 'kind', 200), 'kind');
    const severity = checkSeverity(input.severity ?? 'info');
    if (typeof input.message !== 'string') throw badInput('message', 'message must be a string');
    checkText(input.message, 'message');
    const assetId = input.assetId == null ? null : checkPath(input.assetId, 'assetId');
    const seriesId = input.seriesId == null ? null : checkPath(input.seriesId, 'seriesId');
    const data = JSON.stringify(input.data === undefined ? {} : checkObject(input.data, 'data'));
    const r = await c.query<EventRow>(
      `INSERT INTO events (ts, kind, severity, asset_id, series_id, message, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [ts, kind, severity, assetId, seriesId, input.message, data],
    );
    return toEvent(r.rows[0]!);
  }

  async listEvents(f: EventFilter = {}): Promise<XEvent[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, v: unknown): void => {
      args.push(v);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (f.from !== undefined) add('ts >= ?', checkInt(f.from, 'from'));
    if (f.to !== undefined) add('ts < ?', checkInt(f.to, 'to'));
    if (f.kind !== undefined) add('kind = ?', String(f.kind));
    if (f.assetId !== undefined) add('asset_id = ?', String(f.assetId));
    if (f.seriesId !== undefined) add('series_id = ?', String(f.seriesId));
    if (f.afterId !== undefined) add('id > ?', checkInt(f.afterId, 'afterId'));
    const dir = f.order === 'desc' ? 'DESC' : 'ASC';
    args.push(f.limit === undefined ? null : checkCount(f.limit, 'limit'));
    const sql = `SELECT * FROM events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ts ${dir}, id ${dir} LIMIT $${args.length}`;
    return (await this.db.query<EventRow>(sql, args)).rows.map(toEvent);
  }

  // ── quarantine ─────────────────────────────────────────────────────────────────────────────
  /** Must run inside a transaction (the caller's), so a batch is added whole or not at all. */
  async addQuarantine(c: Queryable, rows: readonly QuarantineInput[]): Promise<number[]> {
    if (!Array.isArray(rows)) throw badInput('rows', 'addQuarantine expects an array');
    const cols = {
      imp: [] as (number | null)[],
      src: [] as string[],
      loc: [] as string[],
      raw: [] as Buffer[],
    };
    const more = { reasons: [] as string[], sid: [] as (string | null)[], ts: [] as number[] };
    rows.forEach((r, i) => {
      const at = `rows[${i}]`;
      if (typeof r !== 'object' || r === null) throw badInput(at, `${at} must be an object`);
      const importId = r.importId === null ? null : checkInt(r.importId, `${at}.importId`);
      const source = checkText(checkNonEmpty(r.source, `${at}.source`, 50), `${at}.source`);
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
      const seriesId = r.seriesId == null ? null : checkText(String(r.seriesId), `${at}.seriesId`);
      cols.imp.push(importId);
      cols.src.push(source);
      cols.loc.push(checkText(r.location, `${at}.location`));
      cols.raw.push(Buffer.from(r.raw, 'utf8'));
      more.reasons.push(JSON.stringify(r.reasons));
      more.sid.push(seriesId);
      more.ts.push(ts);
    });
    if (rows.length === 0) return [];
    const res = await c.query<{ id: number }>(
      `INSERT INTO quarantine (import_id, source, location, raw, reasons, series_id, ts)
       SELECT a, b, c, d, e, f, g
       FROM unnest($1::int8[], $2::text[], $3::text[], $4::bytea[], $5::text[], $6::text[], $7::int8[])
         WITH ORDINALITY AS u(a, b, c, d, e, f, g, o) ORDER BY o
       RETURNING id`,
      [cols.imp, cols.src, cols.loc, cols.raw, more.reasons, more.sid, more.ts],
    );
    // Identity values follow the insertion order, which is the input order.
    return res.rows.map((r) => r.id).sort((a, b) => a - b);
  }

  async listQuarantine(f: QuarantineFilter = {}): Promise<QuarantineRow[]> {
    const { where, args } = quarantineWhere(f);
    args.push(f.limit === undefined ? null : checkCount(f.limit, 'limit'));
    args.push(f.offset === undefined ? 0 : checkCount(f.offset, 'offset'));
    const sql = `SELECT * FROM quarantine${where} ORDER BY id LIMIT $${args.length - 1} OFFSET $${args.length}`;
    return (await this.db.query<QuarantineDbRow>(sql, args)).rows.map(toQuarantine);
  }

  async countQuarantine(f: QuarantineFilter = {}): Promise<number> {
    const { where, args } = quarantineWhere(f);
    const r = await this.db.query<{ n: number }>(`SELECT count(*) AS n FROM quarantine${where}`, args);
    return r.rows[0]!.n;
  }

  async getQuarantine(id: number): Promise<QuarantineRow | undefined> {
    if (!isId(id)) return undefined;
    const r = (await this.db.query<QuarantineDbRow>('SELECT * FROM quarantine WHERE id = $1', [id])).rows[0];
    return r && toQuarantine(r);
  }

  async resolveQuarantine(id: number, status: 'resubmitted' | 'discarded'): Promise<void> {
    checkInt(id, 'id');
    if (status !== 'resubmitted' && status !== 'discarded')
      throw badInput('status', `status must be resubmitted or discarded; got ${JSON.stringify(status)}`);
    const r = await this.db.query('UPDATE quarantine SET status = $1 WHERE id = $2', [status, id]);
    if (r.rowCount === 0) throw notFound('quarantine row', id, 'id');
  }

  /**
   * `resolveQuarantine` of each id in one UPDATE, inside the caller's transaction: errors as the
   * row-by-row calls would raise them (a bad id or status, else the first unknown id), and the
   * caller's rollback leaves every row as it was.
   */
  async resolveQuarantineMany(
    c: Queryable,
    ids: readonly number[],
    status: 'resubmitted' | 'discarded',
  ): Promise<number> {
    checkInt(ids[0], 'id');
    if (status !== 'resubmitted' && status !== 'discarded')
      throw badInput('status', `status must be resubmitted or discarded; got ${JSON.stringify(status)}`);
    const valid = ids.filter((id) => Number.isSafeInteger(id));
    const r = await c.query<{ id: number }>(
      'UPDATE quarantine SET status = $1 WHERE id = ANY($2::int8[]) RETURNING id',
      [status, valid],
    );
    const found = new Set(r.rows.map((x) => x.id));
    for (const id of ids) {
      checkInt(id, 'id');
      if (!found.has(id)) throw notFound('quarantine row', id, 'id');
    }
    return ids.length;
  }

  // ── imports ──────────────────────────────────────────────────────────────────────────────────
  async createImport(input: { source: string; format: string; startedAt: number }): Promise<number> {
    const source = checkText(checkNonEmpty(input?.source, 'source'), 'source');
    const format = checkText(checkNonEmpty(input.format, 'format', 50), 'format');
    const startedAt = checkInt(input.startedAt, 'startedAt');
    const r = await this.db.query<{ id: number }>(
      'INSERT INTO imports (source, format, started_at) VALUES ($1, $2, $3) RETURNING id',
      [source, format, startedAt],
    );
    return r.rows[0]!.id;
  }

  async finishImport(id: number, s: ImportStats): Promise<void> {
    checkInt(id, 'id');
    if (typeof s !== 'object' || s === null) throw badInput('stats', 'stats must be an object');
    if (!IMPORT_STATUS.includes(s.status)) throw badInput('status', 'status must be done, failed or aborted');
    if (!Array.isArray(s.series) || s.series.some((x) => typeof x !== 'string'))
      throw badInput('series', 'series must be an array of series ids');
    const r = await this.db.query(
      `UPDATE imports SET finished_at = $1, rows = $2, accepted = $3, quarantined = $4, duplicates = $5, outliers = $6,
         series = $7, status = $8, error = $9 WHERE id = $10`,
      [
        checkInt(s.finishedAt, 'finishedAt'),
        checkCount(s.rows, 'rows'),
        checkCount(s.accepted, 'accepted'),
        checkCount(s.quarantined, 'quarantined'),
        checkCount(s.duplicates, 'duplicates'),
        checkCount(s.outliers, 'outliers'),
        JSON.stringify(s.series),
        s.status,
        s.error === undefined ? null : checkText(String(s.error), 'error'),
        id,
      ],
    );
    if (r.rowCount === 0) throw notFound('import', id, 'id');
  }

  async getImport(id: number): Promise<ImportRecord | undefined> {
    if (!isId(id)) return undefined;
    const r = (await this.db.query<ImportRow>('SELECT * FROM imports WHERE id = $1', [id])).rows[0];
    return r && toImport(r);
  }

  /** Newest first. */
  async listImports(limit?: number): Promise<ImportRecord[]> {
    const n = limit === undefined ? null : checkCount(limit, 'limit');
    return (await this.db.query<ImportRow>('SELECT * FROM imports ORDER BY id DESC LIMIT $1', [n])).rows.map(
      toImport,
    );
  }

  // ── API keys ─────────────────────────────────────────────────────────────────────────────────
  /** Must run inside a transaction (the caller's): the hash check and the insert go together. */
  async createApiKey(c: Queryable, input: ApiKeyInput): Promise<ApiKeyRecord> {
    const name = checkText(checkNonEmpty(input?.name, 'name', 200), 'name');
    const role = checkRole(input.role);
    if (typeof input.hash !== 'string' || !SHA256_HEX.test(input.hash))
      throw badInput(
        'hash',
        'hash must be the lowercase hex SHA-256 of the secret (64 characters), never the secret',
      );
    const createdAt = checkInt(input.createdAt, 'createdAt');
    const org = input.org === undefined ? 'default' : checkScopeId(input.org, 'org');
    if ((await c.query('SELECT 1 FROM orgs WHERE id = $1', [org])).rowCount === 0)
      throw notFound('organisation', org, 'org');
    const sites =
      input.sites === undefined || input.sites === null
        ? null
        : input.sites.map((x, i) => checkScopeId(x, `sites[${i}]`));
    if (sites !== null && sites.length === 0)
      throw badInput('sites', 'sites must name at least one site, or be null for all');
    const asset = input.asset === undefined || input.asset === null ? null : checkPath(input.asset, 'asset');
    if ((role === 'device') !== (asset !== null))
      throw badInput('asset', 'a device key needs an asset path, and only a device key has one');
    const r = await c.query<KeyRow>(
      `INSERT INTO api_keys (name, role, hash, created_at, org, sites, asset) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (hash) DO NOTHING RETURNING *`,
      [name, role, input.hash, createdAt, org, sites === null ? null : JSON.stringify(sites), asset],
    );
    if (r.rowCount === 0)
      throw new XinzhiError('CONFLICT', 'an API key with this hash already exists', { field: 'hash' });
    return toKey(r.rows[0]!);
  }

  /** Revoked keys are returned too (with `revokedAt`), so the caller can say why access is refused. */
  async findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    if (typeof hash !== 'string') return undefined;
    const r = (
      await this.db.query<KeyRow>('SELECT * FROM api_keys WHERE hash = $1', [checkText(hash, 'hash')])
    ).rows[0];
    return r && toKey(r);
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (await this.db.query<KeyRow>('SELECT * FROM api_keys ORDER BY id')).rows.map(toKey);
  }

  async revokeApiKey(id: number): Promise<void> {
    checkInt(id, 'id');
    const r = await this.db.query('UPDATE api_keys SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2', [
      this.now(),
      id,
    ]);
    if (r.rowCount === 0) throw notFound('API key', id, 'id');
  }

  /** Every key ever created, revoked ones included (see the SQLite store). */
  async countApiKeys(): Promise<number> {
    return (await this.db.query<{ n: number }>('SELECT count(*) AS n FROM api_keys')).rows[0]!.n;
  }

  // ── organisations and sites ──────────────────────────────────────────────────────────────────
  async listOrgs(): Promise<OrgRecord[]> {
    return (await this.db.query<OrgRow>('SELECT * FROM orgs ORDER BY id')).rows.map(toOrg);
  }

  async createOrg(input: { id: string; name: string; createdAt: number }): Promise<OrgRecord> {
    const id = checkScopeId(input?.id, 'id');
    const name = checkText(checkNonEmpty(input.name, 'name', 200), 'name');
    const createdAt = checkInt(input.createdAt, 'createdAt');
    const r = await this.db.query(
      'INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
      [id, name, createdAt],
    );
    if (r.rowCount === 0)
      throw new XinzhiError('CONFLICT', `organisation '${id}' already exists`, { field: 'id' });
    return { id, name, createdAt };
  }

  async listSites(org?: string): Promise<SiteRecord[]> {
    const r =
      org === undefined
        ? await this.db.query<SiteRow>('SELECT * FROM sites ORDER BY id')
        : await this.db.query<SiteRow>('SELECT * FROM sites WHERE org = $1 ORDER BY id', [String(org)]);
    return r.rows.map(toSite);
  }

  async putSite(input: { id: string; org: string; name: string; createdAt: number }): Promise<SiteRecord> {
    const id = checkScopeId(input?.id, 'id');
    const org = checkScopeId(input.org, 'org');
    const name = checkText(checkNonEmpty(input.name, 'name', 200), 'name');
    const createdAt = checkInt(input.createdAt, 'createdAt');
    // One statement: the organisation check and the upsert cannot be split by a concurrent delete.
    const r = await this.db.query<SiteRow>(
      `INSERT INTO sites (id, org, name, created_at) SELECT $1, o.id, $3, $4 FROM orgs o WHERE o.id = $2
       ON CONFLICT (id) DO UPDATE SET org = excluded.org, name = excluded.name RETURNING *`,
      [id, org, name, createdAt],
    );
    if (r.rowCount === 0) throw notFound('organisation', org, 'org');
    return toSite(r.rows[0]!);
  }

  // ── documents ────────────────────────────────────────────────────────────────────────────────
  async putDoc(ns: string, key: string, doc: unknown): Promise<void> {
    checkText(checkNonEmpty(ns, 'ns', 200), 'ns');
    checkText(checkNonEmpty(key, 'key', 1000), 'key');
    const json = doc === undefined ? undefined : JSON.stringify(doc);
    if (json === undefined)
      throw badInput('doc', 'doc must be JSON-serialisable (not undefined or a function)');
    await this.db.query(
      `INSERT INTO docs (ns, key, doc, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (ns, key) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`,
      [ns, key, json, this.now()],
    );
  }

  async getDoc<T>(ns: string, key: string): Promise<T | undefined> {
    if (typeof ns !== 'string' || typeof key !== 'string' || ns.includes('\u0000') || key.includes('\u0000'))
      return undefined;
    const r = (
      await this.db.query<{ doc: string }>('SELECT doc FROM docs WHERE ns = $1 AND key = $2', [ns, key])
    ).rows[0];
    return r === undefined ? undefined : (JSON.parse(r.doc) as T);
  }

  async listDocs<T>(ns: string, prefix = ''): Promise<Array<{ key: string; doc: T }>> {
    if (typeof ns !== 'string' || typeof prefix !== 'string' || `${ns}${prefix}`.includes('\u0000'))
      return [];
    // left() compares the prefix literally: `%` and `_` are not wildcards here.
    const r = await this.db.query<{ key: string; doc: string }>(
      'SELECT key, doc FROM docs WHERE ns = $1 AND left(key, length($2)) = $2 ORDER BY key',
      [ns, prefix],
    );
    return r.rows.map((x) => ({ key: x.key, doc: JSON.parse(x.doc) as T }));
  }

  async deleteDoc(ns: string, key: string): Promise<void> {
    if (typeof ns !== 'string' || typeof key !== 'string' || `${ns}${key}`.includes('\u0000')) return;
    await this.db.query('DELETE FROM docs WHERE ns = $1 AND key = $2', [ns, key]);
  }
}

/** WHERE clause and arguments of a quarantine filter (limit and offset are the caller's). */
function quarantineWhere(f: QuarantineFilter): { where: string; args: unknown[] } {
  if (typeof f !== 'object' || f === null) throw badInput('filter', 'filter must be an object');
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.importId !== undefined) {
    args.push(checkInt(f.importId, 'importId'));
    where.push(`import_id = $${args.length}`);
  }
  if (f.seriesId !== undefined) {
    args.push(String(f.seriesId));
    where.push(`series_id = $${args.length}`);
  }
  if (f.status !== undefined) {
    if (!['open', 'resubmitted', 'discarded'].includes(f.status))
      throw badInput('status', 'status must be open, resubmitted or discarded');
    args.push(f.status);
    where.push(`status = $${args.length}`);
  }
  return { where: where.length ? ` WHERE ${where.join(' AND ')}` : '', args };
}
