/**
 * Assets and series of the SQLite store: the ISA-95 tree (missing ancestors created with kinds
 * inferred by depth, store/asset-kinds.ts) and the series catalogue with its INTEGER keys, cached
 * in memory because every point write resolves one (a rename or delete drops the cached key).
 */
import type Database from 'better-sqlite3';
import type { Asset, Series } from '../../core/index.js';
import { pathPrefixes } from '../asset-kinds.js';
import * as catalogRows from '../catalog-rows.js';
import type { AssetInput, SeriesInput } from '../store.js';

export class Catalog {
  private readonly keys = new Map<string, number>();
  private readonly s;

  constructor(
    db: Database.Database,
    private readonly now: () => number,
  ) {
    this.s = {
      asset: db.prepare('SELECT * FROM assets WHERE id = ?'),
      insertAsset: db.prepare(
        'INSERT INTO assets (id, parent_id, kind, name, attributes, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      updateAsset: db.prepare(
        'UPDATE assets SET kind = coalesce(?, kind), name = coalesce(?, name), attributes = coalesce(?, attributes) WHERE id = ?',
      ),
      allAssets: db.prepare('SELECT * FROM assets ORDER BY id'),
      subtreeAssets: db.prepare('SELECT * FROM assets WHERE id = ? OR (id >= ? AND id < ?) ORDER BY id'),
      series: db.prepare('SELECT * FROM series WHERE id = ?'),
      seriesKey: db.prepare('SELECT key FROM series WHERE id = ?').pluck(),
      insertSeries: db.prepare(
        `INSERT INTO series (id, asset_id, metric, unit, description, min_value, max_value, retention_days,
           expected_interval_ms, signal, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateSeries: db.prepare(
        `UPDATE series SET description = ?, min_value = ?, max_value = ?, retention_days = ?, expected_interval_ms = ?,
         signal = ? WHERE id = ?`,
      ),
      renameSeries: db.prepare('UPDATE series SET id = ?, asset_id = ?, metric = ? WHERE id = ?'),
      deleteSeries: db.prepare('DELETE FROM series WHERE id = ?'),
      convertSeries: db.prepare(
        'UPDATE series SET unit = ?, min_value = min_value * ? + ?, max_value = max_value * ? + ? WHERE id = ?',
      ),
      allSeries: db.prepare('SELECT * FROM series ORDER BY id'),
      assetSeries: db.prepare('SELECT * FROM series WHERE asset_id = ? ORDER BY id'),
      subtreeSeries: db.prepare(
        'SELECT * FROM series WHERE asset_id = ? OR (asset_id >= ? AND asset_id < ?) ORDER BY id',
      ),
    };
  }

  /** Must run inside a transaction (the caller's). */
  upsertAsset(input: AssetInput): Asset {
    const a = catalogRows.checkAssetInput(input);
    const prefixes = pathPrefixes(a.id);
    const existing = prefixes.map((p) => this.s.asset.get(p) as catalogRows.AssetRow | undefined);
    const { inserts, update } = catalogRows.assetWrites(a, prefixes, existing, this.now());
    for (const row of inserts) this.s.insertAsset.run(...row);
    if (update) this.s.updateAsset.run(...update);
    return catalogRows.toAsset(this.s.asset.get(a.id) as catalogRows.AssetRow);
  }

  getAsset(id: string): Asset | undefined {
    const r = this.s.asset.get(id) as catalogRows.AssetRow | undefined;
    return r && catalogRows.toAsset(r);
  }

  listAssets(rootId?: string): Asset[] {
    const rows = (
      rootId === undefined
        ? this.s.allAssets.all()
        : this.s.subtreeAssets.all(rootId, ...catalogRows.subtree(rootId))
    ) as catalogRows.AssetRow[];
    return rows.map(catalogRows.toAsset);
  }

  /** Must run inside a transaction (the caller's). */
  upsertSeries(input: SeriesInput): Series {
    const s = catalogRows.checkSeriesInput(input);
    const old = this.s.series.get(s.id) as catalogRows.SeriesRow | undefined;
    const settings = catalogRows.seriesSettings(s, old);
    if (old) this.s.updateSeries.run(...settings, s.id);
    else {
      if (!this.s.asset.get(s.assetId)) this.upsertAsset({ id: s.assetId });
      this.s.insertSeries.run(s.id, s.assetId, s.metric, s.unit, ...settings, this.now());
    }
    return catalogRows.toSeries(this.s.series.get(s.id) as catalogRows.SeriesRow);
  }

  getSeries(id: string): Series | undefined {
    const r = this.s.series.get(id) as catalogRows.SeriesRow | undefined;
    return r && catalogRows.toSeries(r);
  }

  listSeries(filter: { assetId?: string; rootId?: string } = {}): Series[] {
    const rows = (
      filter.assetId !== undefined
        ? this.s.assetSeries.all(filter.assetId)
        : filter.rootId !== undefined
          ? this.s.subtreeSeries.all(filter.rootId, ...catalogRows.subtree(filter.rootId))
          : this.s.allSeries.all()
    ) as catalogRows.SeriesRow[];
    return rows.map(catalogRows.toSeries);
  }

  /**
   * Gives a series a new id (`<asset>/<metric>`, the asset created if missing); its key, and so its
   * points, rollups and counters, stay. Must run inside a transaction (the caller's).
   */
  renameSeries(id: string, newId: string): Series {
    const { target, assetId, metric } = catalogRows.checkRenameTarget(newId);
    this.requireKey(id, 'id');
    if (this.s.series.get(target)) throw catalogRows.seriesExists(target);
    if (!this.s.asset.get(assetId)) this.upsertAsset({ id: assetId });
    this.s.renameSeries.run(target, assetId, metric, id);
    this.keys.delete(id);
    return catalogRows.toSeries(this.s.series.get(target) as catalogRows.SeriesRow);
  }

  /** Removes the catalogue row (its points must be gone). Must run inside a transaction. */
  deleteSeries(id: string): void {
    this.s.deleteSeries.run(id);
    this.keys.delete(id);
  }

  /** New unit and range limits mapped by `v × factor + offset`. Must run inside a transaction. */
  convertSeries(id: string, unit: string, factor: number, offset: number): Series {
    catalogRows.checkUnit(unit);
    this.s.convertSeries.run(unit, factor, offset, factor, offset, id);
    return catalogRows.toSeries(this.s.series.get(id) as catalogRows.SeriesRow);
  }

  /** The INTEGER key of a series, or undefined if it does not exist. */
  keyOf(id: string): number | undefined {
    const cached = this.keys.get(id);
    if (cached !== undefined) return cached;
    const key = this.s.seriesKey.get(id) as number | undefined;
    if (key !== undefined) this.keys.set(id, key);
    return key;
  }

  /** The key of a series, or NOT_FOUND naming it. */
  requireKey(id: string, field = 'seriesId'): number {
    const key = typeof id === 'string' ? this.keyOf(id) : undefined;
    if (key === undefined) throw catalogRows.seriesNotFound(id, field);
    return key;
  }
}
