/**
 * Rows of the asset and series tables as both stores read them, and the checks both apply before
 * writing: one definition, so SQLite and PostgreSQL accept and return the same.
 */
import {
  type Asset,
  type AssetKind,
  type Series,
  SIGNAL_TYPES,
  type SignalType,
  XinzhiError,
} from '../core/index.js';
import { inferKind } from './asset-kinds.js';
import type { AssetInput, SeriesInput } from './store.js';
import {
  badInput,
  checkKind,
  checkOptionalNumber,
  checkPath,
  checkSegment,
  MAX_SERIES_ID,
} from './validate.js';

export type AssetRow = {
  id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  attributes: string;
  created_at: number;
};
export type SeriesRow = {
  key: number;
  id: string;
  asset_id: string;
  metric: string;
  unit: string;
  description: string;
  min_value: number | null;
  max_value: number | null;
  retention_days: number | null;
  expected_interval_ms: number | null;
  signal: string | null;
  created_at: number;
};

export const toAsset = (r: AssetRow): Asset => ({
  id: r.id,
  parentId: r.parent_id,
  kind: r.kind as AssetKind,
  name: r.name,
  attributes: JSON.parse(r.attributes) as Record<string, unknown>,
  createdAt: r.created_at,
});

export const toSeries = (r: SeriesRow): Series => ({
  id: r.id,
  assetId: r.asset_id,
  metric: r.metric,
  unit: r.unit,
  description: r.description,
  minValue: r.min_value,
  maxValue: r.max_value,
  retentionDays: r.retention_days,
  expectedIntervalMs: r.expected_interval_ms,
  signal: r.signal as SignalType | null,
  createdAt: r.created_at,
});

/**
 * Range bounds for "`root` and everything under it": '/' is 0x2F, '0' is 0x30 (PostgreSQL ids are
 * COLLATE "C", so both stores order them bytewise).
 */
export const subtree = (root: string): [string, string] => [`${root}/`, `${root}0`];

export const UNIT = /^[^\s]{1,64}$/;

export function checkAttributes(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw badInput('attributes', 'attributes must be a JSON object');
  return v as Record<string, unknown>;
}

/** NOT_FOUND for a series id that names no series, naming the argument it came in. */
export const seriesNotFound = (id: unknown, field: string): XinzhiError =>
  new XinzhiError('NOT_FOUND', `series '${String(id)}' does not exist`, {
    field,
    context: { seriesId: id },
  });

/** An `upsertAsset` input, checked. */
export interface AssetUpsert {
  id: string;
  kind: AssetKind | undefined;
  name: string | undefined;
  attributes: Record<string, unknown> | undefined;
}

export function checkAssetInput(input: AssetInput): AssetUpsert {
  if (typeof input !== 'object' || input === null) throw badInput('asset', 'asset must be an object');
  const id = checkPath(input.id, 'id');
  const kind = input.kind === undefined ? undefined : checkKind(input.kind);
  if (input.name !== undefined && (typeof input.name !== 'string' || input.name.trim() === ''))
    throw badInput('name', 'name must be a non-empty string');
  const attributes = input.attributes === undefined ? undefined : checkAttributes(input.attributes);
  return { id, kind, name: input.name, attributes };
}

/**
 * The writes of an `upsertAsset`, given the stored rows of the path's prefixes (`existing[i]` for
 * `prefixes[i]`): the missing ancestors and the asset itself as asset rows to insert (kinds
 * inferred by depth from the nearest known kind), and the update of an asset that exists.
 */
export function assetWrites(
  a: AssetUpsert,
  prefixes: readonly string[],
  existing: ReadonlyArray<AssetRow | undefined>,
  at: number,
): { inserts: unknown[][]; update: unknown[] | undefined } {
  let ref: { kind: AssetKind; depth: number } | undefined = a.kind && {
    kind: a.kind,
    depth: prefixes.length,
  };
  for (let i = existing.length - 1; !ref && i >= 0; i--) {
    const e = existing[i];
    if (e) ref = { kind: e.kind as AssetKind, depth: i + 1 };
  }
  const inserts: unknown[][] = [];
  prefixes.forEach((p, i) => {
    if (existing[i]) return;
    const leaf = i === prefixes.length - 1;
    inserts.push([
      p,
      i === 0 ? null : prefixes[i - 1],
      leaf && a.kind ? a.kind : inferKind(i + 1, ref),
      leaf && a.name !== undefined ? a.name : p.slice(p.lastIndexOf('/') + 1),
      JSON.stringify(leaf && a.attributes ? a.attributes : {}),
      at,
    ]);
  });
  const update = existing[existing.length - 1]
    ? [a.kind ?? null, a.name ?? null, a.attributes ? JSON.stringify(a.attributes) : null, a.id]
    : undefined;
  return { inserts, update };
}

/** An `upsertSeries` input, checked. */
export interface SeriesUpsert {
  id: string;
  assetId: string;
  metric: string;
  unit: string;
  description: string | undefined;
  minValue: number | null | undefined;
  maxValue: number | null | undefined;
  retentionDays: number | null | undefined;
  interval: number | null | undefined;
  signal: SignalType | null | undefined;
}

export function checkSeriesInput(input: SeriesInput): SeriesUpsert {
  if (typeof input !== 'object' || input === null) throw badInput('series', 'series must be an object');
  const assetId = checkPath(input.assetId, 'assetId');
  if (typeof input.metric !== 'string') throw badInput('metric', 'metric must be a string');
  checkSegment(input.metric, 'metric');
  checkUnit(input.unit);
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
  const s = { assetId, metric: input.metric, unit: input.unit, description: input.description };
  return { id: `${assetId}/${input.metric}`, ...s, minValue, maxValue, retentionDays, interval, signal };
}

/**
 * The settings an `upsertSeries` stores, the given ones over the stored row `old` (if any), in
 * column order (description, min_value, max_value, retention_days, expected_interval_ms, signal).
 * BAD_INPUT when the range is inverted; CONFLICT when the unit would change.
 */
export function seriesSettings(s: SeriesUpsert, old: SeriesRow | undefined): unknown[] {
  const pick = <T>(given: T | undefined, prev: T): T => (given === undefined ? prev : given);
  const min = pick(s.minValue, old?.min_value ?? null);
  const max = pick(s.maxValue, old?.max_value ?? null);
  if (min !== null && max !== null && min > max)
    throw badInput('minValue', `minValue ${min} is greater than maxValue ${max} for series '${s.id}'`);
  if (old && old.unit !== s.unit)
    throw new XinzhiError(
      'CONFLICT',
      `series '${s.id}' is stored in unit '${old.unit}'; its unit cannot change to '${s.unit}'`,
      { field: 'unit', context: { seriesId: s.id, unit: old.unit } },
    );
  return [
    pick(s.description, old?.description ?? ''),
    min,
    max,
    pick(s.retentionDays, old?.retention_days ?? null),
    pick(s.interval, old?.expected_interval_ms ?? null),
    pick(s.signal, (old?.signal as SignalType | null | undefined) ?? null),
  ];
}

/** The new id of `renameSeries`, checked, and its asset and metric. */
export function checkRenameTarget(newId: string): { target: string; assetId: string; metric: string } {
  const target = checkPath(newId, 'newId');
  if (target.length > MAX_SERIES_ID)
    throw badInput('newId', `a series id is at most ${MAX_SERIES_ID} characters; got ${target.length}`);
  const cut = target.lastIndexOf('/');
  if (cut < 0) throw badInput('newId', `a series id is <asset>/<metric>; got ${JSON.stringify(newId)}`);
  const metric = target.slice(cut + 1);
  checkSegment(metric, 'newId', target);
  return { target, assetId: target.slice(0, cut), metric };
}

export function checkUnit(unit: unknown): asserts unit is string {
  if (typeof unit !== 'string' || !UNIT.test(unit))
    throw badInput('unit', `unit must be a UCUM code without spaces; got ${JSON.stringify(unit)}`);
}

/** CONFLICT for a rename onto an id that exists. */
export const seriesExists = (target: string): XinzhiError =>
  new XinzhiError('CONFLICT', `series '${target}' already exists; choose another id or delete it`, {
    field: 'newId',
    context: { seriesId: target },
  });
