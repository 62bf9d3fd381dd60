/**
 * The non-time-series records of the PostgreSQL store: events, quarantine, imports, API keys,
 * organisations and sites, and the document store; the rules of sqlite/records.ts, with the
 * same checks and row mapping (store/record-rows.ts) so both stores refuse the same inputs with the same fields.
 */
import { type XEvent, XinzhiError } from '../../core/index.js';
import * as recordRows from '../record-rows.js';
import { refuseNul, POSTGRES_STYLE as STYLE } from '../sql-style.js';
import type * as store from '../store.js';
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
  async appendEvent(input: store.EventInput, c: Queryable = this.db): Promise<XEvent> {
    const r = await c.query<recordRows.EventRow>(
      `INSERT INTO events (ts, kind, severity, asset_id, series_id, message, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      recordRows.eventValues(STYLE, input),
    );
    return recordRows.toEvent(r.rows[0]!);
  }

  async listEvents(f: store.EventFilter = {}): Promise<XEvent[]> {
    const { sql, args } = recordRows.eventsQuery(STYLE, f);
    return (await this.db.query<recordRows.EventRow>(sql, args)).rows.map(recordRows.toEvent);
  }

  // ── quarantine ─────────────────────────────────────────────────────────────────────────────
  /** Must run inside a transaction (the caller's), so a batch is added whole or not at all. */
  async addQuarantine(c: Queryable, rows: readonly store.QuarantineInput[]): Promise<number[]> {
    if (!Array.isArray(rows)) throw badInput('rows', 'addQuarantine expects an array');
    const cols = {
      imp: [] as (number | null)[],
      src: [] as string[],
      loc: [] as string[],
      raw: [] as Buffer[],
    };
    const more = { reasons: [] as string[], sid: [] as (string | null)[], ts: [] as number[] };
    rows.forEach((r, i) => {
      const v = recordRows.quarantineValues(STYLE, r, i);
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

  async listQuarantine(f: store.QuarantineFilter = {}): Promise<store.QuarantineRow[]> {
    const { sql, args } = recordRows.quarantineQuery(STYLE, f);
    return (await this.db.query<recordRows.QuarantineDbRow>(sql, args)).rows.map(recordRows.toQuarantine);
  }

  async countQuarantine(f: store.QuarantineFilter = {}): Promise<number> {
    const w = recordRows.quarantineWhere(STYLE, f);
    const r = await this.db.query<{ n: number }>(`SELECT count(*) AS n FROM quarantine${w.sql}`, w.args);
    return r.rows[0]!.n;
  }

  async getQuarantine(id: number): Promise<store.QuarantineRow | undefined> {
    if (!isId(id)) return undefined;
    const r = (
      await this.db.query<recordRows.QuarantineDbRow>('SELECT * FROM quarantine WHERE id = $1', [id])
    ).rows[0];
    return r && recordRows.toQuarantine(r);
  }

  async resolveQuarantine(id: number, status: 'resubmitted' | 'discarded'): Promise<void> {
    checkInt(id, 'id');
    recordRows.checkResolution(status);
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
    recordRows.checkResolution(status);
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
      recordRows.importValues(STYLE, input),
    );
    return r.rows[0]!.id;
  }

  async finishImport(id: number, s: store.ImportStats): Promise<void> {
    const values = recordRows.importStatsValues(id, s);
    const r = await this.db.query(
      `UPDATE imports SET finished_at = $1, rows = $2, accepted = $3, quarantined = $4, duplicates = $5, outliers = $6,
         series = $7, status = $8, error = $9 WHERE id = $10`,
      [...values, s.error === undefined ? null : refuseNul(String(s.error), 'error'), id],
    );
    if (r.rowCount === 0) throw notFound('import', id, 'id');
  }

  async getImport(id: number): Promise<store.ImportRecord | undefined> {
    if (!isId(id)) return undefined;
    const r = (await this.db.query<recordRows.ImportRow>('SELECT * FROM imports WHERE id = $1', [id]))
      .rows[0];
    return r && recordRows.toImport(r);
  }

  /** Newest first. */
  async listImports(limit?: number): Promise<store.ImportRecord[]> {
    const n = limit === undefined ? null : recordRows.checkCount(limit, 'limit');
    return (
      await this.db.query<recordRows.ImportRow>('SELECT * FROM imports ORDER BY id DESC LIMIT $1', [n])
    ).rows.map(recordRows.toImport);
  }

  // ── API keys ─────────────────────────────────────────────────────────────────────────────────
  /** Must run inside a transaction (the caller's): the hash check and the insert go together. */
  async createApiKey(c: Queryable, input: store.ApiKeyInput): Promise<store.ApiKeyRecord> {
    const { name, role, hash, createdAt, org } = recordRows.apiKeyHead(STYLE, input);
    if ((await c.query('SELECT 1 FROM orgs WHERE id = $1', [org])).rowCount === 0)
      throw notFound('organisation', org, 'org');
    const { sites, asset } = recordRows.apiKeyScope(input, role);
    const r = await c.query<recordRows.KeyRow>(
      `INSERT INTO api_keys (name, role, hash, created_at, org, sites, asset) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (hash) DO NOTHING RETURNING *`,
      [name, role, hash, createdAt, org, sites, asset],
    );
    if (r.rowCount === 0)
      throw new XinzhiError('CONFLICT', 'an API key with this hash already exists', { field: 'hash' });
    return recordRows.toKey(r.rows[0]!);
  }

  /** Revoked keys are returned too (with `revokedAt`), so the caller can say why access is refused. */
  async findApiKeyByHash(hash: string): Promise<store.ApiKeyRecord | undefined> {
    if (typeof hash !== 'string') return undefined;
    const r = (
      await this.db.query<recordRows.KeyRow>('SELECT * FROM api_keys WHERE hash = $1', [
        refuseNul(hash, 'hash'),
      ])
    ).rows[0];
    return r && recordRows.toKey(r);
  }

  async listApiKeys(): Promise<store.ApiKeyRecord[]> {
    return (await this.db.query<recordRows.KeyRow>('SELECT * FROM api_keys ORDER BY id')).rows.map(
      recordRows.toKey,
    );
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
  async listOrgs(): Promise<store.OrgRecord[]> {
    return (await this.db.query<recordRows.OrgRow>('SELECT * FROM orgs ORDER BY id')).rows.map(
      recordRows.toOrg,
    );
  }

  async createOrg(input: { id: string; name: string; createdAt: number }): Promise<store.OrgRecord> {
    const { id, name, createdAt } = recordRows.orgValues(STYLE, input);
    const r = await this.db.query(
      'INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
      [id, name, createdAt],
    );
    if (r.rowCount === 0)
      throw new XinzhiError('CONFLICT', `organisation '${id}' already exists`, { field: 'id' });
    return { id, name, createdAt };
  }

  async listSites(org?: string): Promise<store.SiteRecord[]> {
    const r =
      org === undefined
        ? await this.db.query<recordRows.SiteRow>('SELECT * FROM sites ORDER BY id')
        : await this.db.query<recordRows.SiteRow>('SELECT * FROM sites WHERE org = $1 ORDER BY id', [
            String(org),
          ]);
    return r.rows.map(recordRows.toSite);
  }

  async putSite(input: {
    id: string;
    org: string;
    name: string;
    createdAt: number;
  }): Promise<store.SiteRecord> {
    const { id, org, name, createdAt } = recordRows.siteValues(STYLE, input);
    // One statement: the organisation check and the upsert cannot be split by a concurrent delete.
    const r = await this.db.query<recordRows.SiteRow>(
      `INSERT INTO sites (id, org, name, created_at) SELECT $1, o.id, $3, $4 FROM orgs o WHERE o.id = $2
       ON CONFLICT (id) DO UPDATE SET org = excluded.org, name = excluded.name RETURNING *`,
      [id, org, name, createdAt],
    );
    if (r.rowCount === 0) throw notFound('organisation', org, 'org');
    return recordRows.toSite(r.rows[0]!);
  }

  // ── documents ────────────────────────────────────────────────────────────────────────────────
  async putDoc(ns: string, key: string, doc: unknown): Promise<void> {
    const json = recordRows.docJson(STYLE, ns, key, doc);
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
