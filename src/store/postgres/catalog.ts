/**
 * Assets and series of the PostgreSQL store: the same rules as sqlite/catalog.ts (ancestors made
 * with kinds inferred by depth, the unit fixed once created). Catalog writes serialise on one
 * advisory lock, so two nodes creating the same asset or series at once cannot race.
 *
 * Series keys are cached in memory for the write path, but another node may rename or delete a
 * series, leaving this node's cache naming the wrong key. So writers take the series' advisory
 * lock and then check that each key still carries the id they resolved it from (`lockSeries`);
 * rename, delete and unit conversion take the same lock, so the check cannot race them. Reads
 * resolve ids afresh (`requireKey`), one primary-key lookup, so no node answers for a series
 * that is gone or renamed elsewhere.
 */

import type pg from 'pg';
import { type Asset, type Series, XinzhiError } from '../../core/index.js';
import { pathPrefixes } from '../asset-kinds.js';
import * as catalogRows from '../catalog-rows.js';
import type { AssetInput, SeriesInput } from '../store.js';
import { LOCK, LOCK_CLASS, type Queryable } from './db.js';

/**
 * A write met a series key that no longer carries the id it was resolved from (renamed or deleted
 * by another node since this node cached it). The store retries once with fresh keys.
 */
export class StaleSeriesKey extends XinzhiError {
  constructor(ids: readonly string[]) {
    super(
      'CONFLICT',
      `series ${ids.map((id) => `'${id}'`).join(', ')} changed (renamed or deleted) during the write; retry`,
      {
        context: { seriesIds: ids },
      },
    );
  }
}

export class PgCatalog {
  private readonly keys = new Map<string, number>();

  constructor(
    private readonly db: Queryable,
    private readonly now: () => number,
  ) {}

  /** Must run inside a transaction (the caller's). */
  async upsertAsset(c: Queryable, input: AssetInput): Promise<Asset> {
    const a = catalogRows.checkAssetInput(input);
    await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, LOCK.catalog]);
    const prefixes = pathPrefixes(a.id);
    const found = new Map(
      (
        await c.query<catalogRows.AssetRow>('SELECT * FROM assets WHERE id = ANY($1::text[])', [prefixes])
      ).rows.map((r) => [r.id, r]),
    );
    const existing = prefixes.map((p) => found.get(p));
    const { inserts, update } = catalogRows.assetWrites(a, prefixes, existing, this.now());
    for (const row of inserts)
      await c.query(
        'INSERT INTO assets (id, parent_id, kind, name, attributes, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        row,
      );
    if (update)
      await c.query(
        'UPDATE assets SET kind = coalesce($1, kind), name = coalesce($2, name), attributes = coalesce($3, attributes) WHERE id = $4',
        update,
      );
    return catalogRows.toAsset(
      (await c.query<catalogRows.AssetRow>('SELECT * FROM assets WHERE id = $1', [a.id])).rows[0]!,
    );
  }

  async getAsset(id: string): Promise<Asset | undefined> {
    if (typeof id !== 'string') return undefined;
    const r = (await this.db.query<catalogRows.AssetRow>('SELECT * FROM assets WHERE id = $1', [id])).rows[0];
    return r && catalogRows.toAsset(r);
  }

  async listAssets(rootId?: string): Promise<Asset[]> {
    const r =
      rootId === undefined
        ? await this.db.query<catalogRows.AssetRow>('SELECT * FROM assets ORDER BY id')
        : await this.db.query<catalogRows.AssetRow>(
            'SELECT * FROM assets WHERE id = $1 OR (id >= $2 AND id < $3) ORDER BY id',
            [rootId, ...catalogRows.subtree(rootId)],
          );
    return r.rows.map(catalogRows.toAsset);
  }

  /** Must run inside a transaction (the caller's). */
  async upsertSeries(c: Queryable, input: SeriesInput): Promise<Series> {
    const s = catalogRows.checkSeriesInput(input);
    await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, LOCK.catalog]);
    const old = (await c.query<catalogRows.SeriesRow>('SELECT * FROM series WHERE id = $1', [s.id])).rows[0];
    const settings = catalogRows.seriesSettings(s, old);
    if (old)
      await c.query(
        `UPDATE series SET description = $1, min_value = $2, max_value = $3, retention_days = $4,
           expected_interval_ms = $5, signal = $6 WHERE id = $7`,
        [...settings, s.id],
      );
    else {
      if ((await c.query('SELECT 1 FROM assets WHERE id = $1', [s.assetId])).rowCount === 0)
        await this.upsertAsset(c, { id: s.assetId });
      await c.query(
        `INSERT INTO series (id, asset_id, metric, unit, description, min_value, max_value, retention_days,
           expected_interval_ms, signal, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [s.id, s.assetId, s.metric, s.unit, ...settings, this.now()],
      );
    }
    return catalogRows.toSeries(
      (await c.query<catalogRows.SeriesRow>('SELECT * FROM series WHERE id = $1', [s.id])).rows[0]!,
    );
  }

  async getSeries(id: string): Promise<Series | undefined> {
    if (typeof id !== 'string') return undefined;
    const r = (await this.db.query<catalogRows.SeriesRow>('SELECT * FROM series WHERE id = $1', [id]))
      .rows[0];
    return r && catalogRows.toSeries(r);
  }

  async listSeries(filter: { assetId?: string; rootId?: string } = {}): Promise<Series[]> {
    const r =
      filter.assetId !== undefined
        ? await this.db.query<catalogRows.SeriesRow>('SELECT * FROM series WHERE asset_id = $1 ORDER BY id', [
            filter.assetId,
          ])
        : filter.rootId !== undefined
          ? await this.db.query<catalogRows.SeriesRow>(
              'SELECT * FROM series WHERE asset_id = $1 OR (asset_id >= $2 AND asset_id < $3) ORDER BY id',
              [filter.rootId, ...catalogRows.subtree(filter.rootId)],
            )
          : await this.db.query<catalogRows.SeriesRow>('SELECT * FROM series ORDER BY id');
    return r.rows.map(catalogRows.toSeries);
  }

  /**
   * Gives a series a new id (`<asset>/<metric>`, the asset created if missing); its key, and so
   * its points, rollups and counters, stay. Must run inside a transaction (the caller's).
   */
  async renameSeries(c: Queryable, id: string, newId: string): Promise<Series> {
    const { target, assetId, metric } = catalogRows.checkRenameTarget(newId);
    const key = await this.lockForChange(c, id);
    if ((await c.query('SELECT 1 FROM series WHERE id = $1', [target])).rowCount !== 0)
      throw catalogRows.seriesExists(target);
    if ((await c.query('SELECT 1 FROM assets WHERE id = $1', [assetId])).rowCount === 0)
      await this.upsertAsset(c, { id: assetId });
    const r = await c.query<catalogRows.SeriesRow>(
      'UPDATE series SET id = $1, asset_id = $2, metric = $3 WHERE key = $4 RETURNING *',
      [target, assetId, metric, key],
    );
    this.keys.delete(id);
    return catalogRows.toSeries(r.rows[0]!);
  }

  /** Removes the catalogue row (its points must be gone). Must run inside a transaction. */
  async deleteSeries(c: Queryable, id: string, key: number): Promise<void> {
    await c.query('DELETE FROM series WHERE key = $1', [key]);
    this.keys.delete(id);
  }

  /** New unit and range limits mapped by `v × factor + offset`. Must run inside a transaction. */
  async convertSeries(
    c: Queryable,
    key: number,
    unit: string,
    factor: number,
    offset: number,
  ): Promise<Series> {
    catalogRows.checkUnit(unit);
    const r = await c.query<catalogRows.SeriesRow>(
      `UPDATE series SET unit = $1, min_value = min_value * $2::float8 + $3::float8,
         max_value = max_value * $2::float8 + $3::float8 WHERE key = $4 RETURNING *`,
      [unit, factor, offset, key],
    );
    return catalogRows.toSeries(r.rows[0]!);
  }

  /**
   * For rename, delete and unit conversion: takes the catalog lock (so no upsert or other change
   * of the catalogue interleaves), resolves the key afresh, then takes the series' lock, which
   * waits for writers of the series in flight and holds new ones off until commit. NOT_FOUND for
   * an unknown series. Must run inside a transaction.
   */
  async lockForChange(c: Queryable, id: string): Promise<number> {
    await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, LOCK.catalog]);
    const key =
      typeof id === 'string'
        ? (await c.query<{ key: number }>('SELECT key FROM series WHERE id = $1', [id])).rows[0]?.key
        : undefined;
    if (key === undefined) throw catalogRows.seriesNotFound(id, 'id');
    await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, key]);
    return key;
  }

  /**
   * Locks the series a write touches (sorted, so two writers cannot deadlock) and checks each key
   * still carries its id: the check is a statement after the locks, so it sees every rename or
   * delete committed before they were granted. Stale keys are dropped from the cache and
   * StaleSeriesKey thrown (the store retries with fresh keys). Must run inside a transaction.
   */
  async lockSeries(c: Queryable, owners: ReadonlyMap<number, string>): Promise<void> {
    if (owners.size === 0) return;
    const r = (await c.query(this.lockSql(owners))) as unknown as pg.QueryResult[];
    this.checkLocked(owners, r);
  }

  /**
   * `lockSeries` as text to send in one message (with BEGIN: `txWith`), then `checkLocked` on
   * its results: the ids are read by a second statement, so after the locks are granted. Keys
   * are inlined: they are integers read from the database (checked here), so no quoting is needed.
   */
  lockSql(owners: ReadonlyMap<number, string>): string {
    if (owners.size === 0) return '';
    const keys = [...owners.keys()].sort((a, b) => a - b);
    for (const k of keys)
      if (!Number.isSafeInteger(k))
        throw new XinzhiError('INTERNAL', `series key ${String(k)} is not an integer`);
    const list = `'{${keys.join(',')}}'::int4[]`;
    return `SELECT pg_advisory_xact_lock(${LOCK_CLASS}, k) FROM unnest(${list}) AS k;
      SELECT key, id FROM series WHERE key = ANY(${list})`;
  }

  /** See `lockSeries`; `results` are those of `lockSql`'s statements. */
  checkLocked(owners: ReadonlyMap<number, string>, results: readonly pg.QueryResult[]): void {
    if (owners.size === 0) return;
    const rows = (results[1]?.rows ?? []) as Array<{ key: number; id: string }>;
    const current = new Map(rows.map((x) => [x.key, x.id]));
    const stale: string[] = [];
    for (const [key, id] of owners) {
      if (current.get(key) === id) continue;
      this.keys.delete(id);
      stale.push(id);
    }
    if (stale.length > 0) throw new StaleSeriesKey(stale);
  }

  /**
   * Keys of the given series ids; missing ids are absent. From the cache (one lookup for ids not
   * cached) for writers, which check them under lock (`lockSeries`); `fresh` reads them all.
   */
  async keysOf(ids: Iterable<unknown>, fresh = false): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const missing = new Set<string>();
    for (const id of ids) {
      if (typeof id !== 'string') continue;
      const k = fresh ? undefined : this.keys.get(id);
      if (k === undefined) missing.add(id);
      else out.set(id, k);
    }
    if (missing.size > 0) {
      const r = await this.db.query<{ id: string; key: number }>(
        'SELECT id, key FROM series WHERE id = ANY($1::text[])',
        [[...missing]],
      );
      if (fresh) for (const id of missing) this.keys.delete(id);
      for (const row of r.rows) {
        this.keys.set(row.id, row.key);
        out.set(row.id, row.key);
      }
    }
    return out;
  }

  /** The key of a series, read afresh (see the header), or NOT_FOUND naming it. */
  async requireKey(id: string, field = 'seriesId'): Promise<number> {
    const key = typeof id === 'string' ? (await this.keysOf([id], true)).get(id) : undefined;
    if (key === undefined) throw catalogRows.seriesNotFound(id, field);
    return key;
  }
}
