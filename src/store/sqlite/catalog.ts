/**
 * Assets and series of the SQLite store: the ISA-95 tree (missing ancestors created with kinds
 * inferred by depth, store/asset-kinds.ts) and the series catalogue with its INTEGER keys, cached
 * in memory because every point write resolves one (a rename or delete drops the cached key).
 */
import type Database from 'better-sqlite3';
import {
  type Asset,
  type AssetKind,
  type Series,
  SIGNAL_TYPES,
  type SignalType,
  XinzhiError,
} from '../../core/index.js';
import { inferKind, pathPrefixes } from '../asset-kinds.js';
import {
  type AssetRow,
  checkAttributes,
  type SeriesRow,
  subtree,
  toAsset,
  toSeries,
  UNIT,
} from '../catalog-rows.js';
import type { AssetInput, SeriesInput } from '../store.js';
import {
  badInput,
  checkKind,
  checkOptionalNumber,
  checkPath,
  checkSegment,
  MAX_SERIES_ID,
} from '../validate.js';

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
    if (typeof input !== 'object' || input === null) throw badInput('asset', 'asset must be an object');
    const id = checkPath(input.id, 'id');
    const kind = input.kind === undefined ? undefined : checkKind(input.kind);
    if (input.name !== undefined && (typeof input.name !== 'string' || input.name.trim() === ''))
      throw badInput('name', 'name must be a non-empty string');
    const attributes = input.attributes === undefined ? undefined : checkAttributes(input.attributes);
    const prefixes = pathPrefixes(id);
    const existing = prefixes.map((p) => this.s.asset.get(p) as AssetRow | undefined);
    let ref: { kind: AssetKind; depth: number } | undefined = kind && { kind, depth: prefixes.length };
    for (let i = existing.length - 1; !ref && i >= 0; i--) {
      const e = existing[i];
      if (e) ref = { kind: e.kind as AssetKind, depth: i + 1 };
    }
    const at = this.now();
    prefixes.forEach((p, i) => {
      if (existing[i]) return;
      const leaf = i === prefixes.length - 1;
      this.s.insertAsset.run(
        p,
        i === 0 ? null : prefixes[i - 1],
        leaf && kind ? kind : inferKind(i + 1, ref),
        leaf && input.name !== undefined ? input.name : p.slice(p.lastIndexOf('/') + 1),
        JSON.stringify(leaf && attributes ? attributes : {}),
        at,
      );
    });
    if (existing[existing.length - 1])
      this.s.updateAsset.run(
        kind ?? null,
        input.name ?? null,
        attributes ? JSON.stringify(attributes) : null,
        id,
      );
    return toAsset(this.s.asset.get(id) as AssetRow);
  }

  getAsset(id: string): Asset | undefined {
    const r = this.s.asset.get(id) as AssetRow | undefined;
    return r && toAsset(r);
  }

  listAssets(rootId?: string): Asset[] {
    const rows = (
      rootId === undefined ? this.s.allAssets.all() : this.s.subtreeAssets.all(rootId, ...subtree(rootId))
    ) as AssetRow[];
    return rows.map(toAsset);
  }

  /** Must run inside a transaction (the caller's). */
  upsertSeries(input: SeriesInput): Series {
    if (typeof input !== 'object' || input === null) throw badInput('series', 'series must be an object');
    const assetId = checkPath(input.assetId, 'assetId');
    if (typeof input.metric !== 'string') throw badInput('metric', 'metric must be a string');
    checkSegment(input.metric, 'metric');
    if (typeof input.unit !== 'string' || !UNIT.test(input.unit))
      throw badInput('unit', `unit must be a UCUM code without spaces; got ${JSON.stringify(input.unit)}`);
    if (input.description !== undefined && typeof input.description !== 'string')
      throw badInput('description', 'description must be a string');
    const minValue = checkOptionalNumber(input.minValue, 'minValue');
    const maxValue = checkOptionalNumber(input.maxValue, 'maxValue');
    const retentionDays = checkOptionalNumber(input.retentionDays, 'retentionDays', true);
    const interval = checkOptionalNumber(input.expectedIntervalMs, 'expectedIntervalMs', true);
    if (interval != null && !Number.isSafeInteger(interval))
      throw badInput('expectedIntervalMs', 'expectedIntervalMs must be an integer number of milliseconds');
    const signal = input.signal;
    if (signal !== undefined && signal !== null && !SIGNAL_TYPES.includes(signal))
      throw badInput(
        'signal',
        `signal must be one of ${SIGNAL_TYPES.join(', ')}; got ${JSON.stringify(signal)}`,
      );
    const id = `${assetId}/${input.metric}`;
    const old = this.s.series.get(id) as SeriesRow | undefined;
    const pick = <T>(given: T | undefined, prev: T): T => (given === undefined ? prev : given);
    const next = {
      description: pick(input.description, old?.description ?? ''),
      min: pick(minValue, old?.min_value ?? null),
      max: pick(maxValue, old?.max_value ?? null),
      retention: pick(retentionDays, old?.retention_days ?? null),
      interval: pick(interval, old?.expected_interval_ms ?? null),
      signal: pick(signal, (old?.signal as SignalType | null | undefined) ?? null),
    };
    if (next.min !== null && next.max !== null && next.min > next.max)
      throw badInput(
        'minValue',
        `minValue ${next.min} is greater than maxValue ${next.max} for series '${id}'`,
      );
    if (old) {
      if (old.unit !== input.unit)
        throw new XinzhiError(
          'CONFLICT',
          `series '${id}' is stored in unit '${old.unit}'; its unit cannot change to '${input.unit}'`,
          { field: 'unit', context: { seriesId: id, unit: old.unit } },
        );
      this.s.updateSeries.run(
        next.description,
        next.min,
        next.max,
        next.retention,
        next.interval,
        next.signal,
        id,
      );
    } else {
      if (!this.s.asset.get(assetId)) this.upsertAsset({ id: assetId });
      this.s.insertSeries.run(
        id,
        assetId,
        input.metric,
        input.unit,
        next.description,
        next.min,
        next.max,
        next.retention,
        next.interval,
        next.signal,
        this.now(),
      );
    }
    return toSeries(this.s.series.get(id) as SeriesRow);
  }

  getSeries(id: string): Series | undefined {
    const r = this.s.series.get(id) as SeriesRow | undefined;
    return r && toSeries(r);
  }

  listSeries(filter: { assetId?: string; rootId?: string } = {}): Series[] {
    const rows = (
      filter.assetId !== undefined
        ? this.s.assetSeries.all(filter.assetId)
        : filter.rootId !== undefined
          ? this.s.subtreeSeries.all(filter.rootId, ...subtree(filter.rootId))
          : this.s.allSeries.all()
    ) as SeriesRow[];
    return rows.map(toSeries);
  }

  /**
   * Gives a series a new id (`<asset>/<metric>`, the asset created if missing); its key, and so its
   * points, rollups and counters, stay. Must run inside a transaction (the caller's).
   */
  renameSeries(id: string, newId: string): Series {
    const target = checkPath(newId, 'newId');
    if (target.length > MAX_SERIES_ID)
      throw badInput('newId', `a series id is at most ${MAX_SERIES_ID} characters; got ${target.length}`);
    const cut = target.lastIndexOf('/');
    if (cut < 0) throw badInput('newId', `a series id is <asset>/<metric>; got ${JSON.stringify(newId)}`);
    const assetId = target.slice(0, cut);
    const metric = target.slice(cut + 1);
    checkSegment(metric, 'newId', target);
    this.requireKey(id, 'id');
    if (this.s.series.get(target))
      throw new XinzhiError('CONFLICT', `series '${target}' already exists; choose another id or delete it`, {
        field: 'newId',
        context: { seriesId: target },
      });
    if (!this.s.asset.get(assetId)) this.upsertAsset({ id: assetId });
    this.s.renameSeries.run(target, assetId, metric, id);
    this.keys.delete(id);
    return toSeries(this.s.series.get(target) as SeriesRow);
  }

  /** Removes the catalogue row (its points must be gone). Must run inside a transaction. */
  deleteSeries(id: string): void {
    this.s.deleteSeries.run(id);
    this.keys.delete(id);
  }

  /** New unit and range limits mapped by `v × factor + offset`. Must run inside a transaction. */
  convertSeries(id: string, unit: string, factor: number, offset: number): Series {
    if (typeof unit !== 'string' || !UNIT.test(unit))
      throw badInput('unit', `unit must be a UCUM code without spaces; got ${JSON.stringify(unit)}`);
    this.s.convertSeries.run(unit, factor, offset, factor, offset, id);
    return toSeries(this.s.series.get(id) as SeriesRow);
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
    if (key === undefined)
      throw new XinzhiError('NOT_FOUND', `series '${String(id)}' does not exist`, {
        field,
        context: { seriesId: id },
      });
    return key;
  }
}
