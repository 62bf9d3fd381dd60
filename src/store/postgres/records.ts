/**
 * The non-time-series records of the PostgreSQL store: events, quarantine, imports, API keys,
 * organisations and sites, and the document store; the rules of sqlite/records.ts, with the
 * same checks and row mapping (store/record-rows.ts) so both stores refuse the same inputs with the same fields.
 */
import { type XEvent, XinzhiError } from '../../core/index.js';
import {
  apiKeyHead,
  apiKeyScope,
  checkCount,
  checkResolution,
  docJson,
  type EventRow,
  eventsQuery,
  eventValues,
  type ImportRow,
  importStatsValues,
  importValues,
  type KeyRow,
  type OrgRow,
  orgValues,
  type QuarantineDbRow,
  quarantineQuery,
  quarantineValues,
  quarantineWhere,
  type SiteRow,
  siteValues,
  toEvent,
  toImport,
  toKey,
  toOrg,
  toQuarantine,
  toSite,
} from '../record-rows.js';
import { refuseNul, POSTGRES_STYLE as STYLE } from '../sql-style.js';
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
import { badInput, checkInt, notFound } from '../validate.js';
import type { Queryable } from './db.js';

/** An id a BIGINT column can hold; anything else cannot name a stored row. */
const isId = (v: unknown): v is number => Number.isSafeInteger(v);

export class PgRecords {
  constructor(
    private readonly db: Queryable,
    private readonly now: () => number,
  ) {}

  // ── events ──────────────────────────────────────────────────────────────────────────────────
  async appendEvent(input: EventInput, c: Queryable = this.db): Promise<XEvent> {
    const r = await c.query<EventRow>(
      `INSERT INTO events (ts, kind, severity, asset_id, series_id, message, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      eventValues(STYLE, input),
    );
    return toEvent(r.rows[0]!);
  }

  async listEvents(f: EventFilter = {}): Promise<XEvent[]> {
    const { sql, args } = eventsQuery(STYLE, f);
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
      const v = quarantineValues(STYLE, r, i);
      cols.imp.push(v.importId);
      cols.src.push(v.source);
      cols.loc.push(v.location);
      cols.raw.push(Buffer.from(v.raw, 'utf8'));
      more.reasons.push(v.reasons);
      more.sid.push(v.seriesId);
      more.ts.push(v.ts);
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
    const { sql, args } = quarantineQuery(STYLE, f);
    return (await this.db.query<QuarantineDbRow>(sql, args)).rows.map(toQuarantine);
  }

  async countQuarantine(f: QuarantineFilter = {}): Promise<number> {
    const w = quarantineWhere(STYLE, f);
    const r = await this.db.query<{ n: number }>(`SELECT count(*) AS n FROM quarantine${w.sql}`, w.args);
    return r.rows[0]!.n;
  }

  async getQuarantine(id: number): Promise<QuarantineRow | undefined> {
    if (!isId(id)) return undefined;
    const r = (await this.db.query<QuarantineDbRow>('SELECT * FROM quarantine WHERE id = $1', [id])).rows[0];
    return r && toQuarantine(r);
  }

  async resolveQuarantine(id: number, status: 'resubmitted' | 'discarded'): Promise<void> {
    checkInt(id, 'id');
    checkResolution(status);
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
    checkResolution(status);
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
    const r = await this.db.query<{ id: number }>(
      'INSERT INTO imports (source, format, started_at) VALUES ($1, $2, $3) RETURNING id',
      importValues(STYLE, input),
    );
    return r.rows[0]!.id;
  }

  async finishImport(id: number, s: ImportStats): Promise<void> {
    const values = importStatsValues(id, s);
    const r = await this.db.query(
      `UPDATE imports SET finished_at = $1, rows = $2, accepted = $3, quarantined = $4, duplicates = $5, outliers = $6,
         series = $7, status = $8, error = $9 WHERE id = $10`,
      [...values, s.error === undefined ? null : refuseNul(String(s.error), 'error'), id],
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
    const { name, role, hash, createdAt, org } = apiKeyHead(STYLE, input);
    if ((await c.query('SELECT 1 FROM orgs WHERE id = $1', [org])).rowCount === 0)
      throw notFound('organisation', org, 'org');
    const { sites, asset } = apiKeyScope(input, role);
    const r = await c.query<KeyRow>(
      `INSERT INTO api_keys (name, role, hash, created_at, org, sites, asset) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (hash) DO NOTHING RETURNING *`,
      [name, role, hash, createdAt, org, sites, asset],
    );
    if (r.rowCount === 0)
      throw new XinzhiError('CONFLICT', 'an API key with this hash already exists', { field: 'hash' });
    return toKey(r.rows[0]!);
  }

  /** Revoked keys are returned too (with `revokedAt`), so the caller can say why access is refused. */
  async findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    if (typeof hash !== 'string') return undefined;
    const r = (
      await this.db.query<KeyRow>('SELECT * FROM api_keys WHERE hash = $1', [refuseNul(hash, 'hash')])
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
    const { id, name, createdAt } = orgValues(STYLE, input);
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
    const { id, org, name, createdAt } = siteValues(STYLE, input);
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
    const json = docJson(STYLE, ns, key, doc);
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
