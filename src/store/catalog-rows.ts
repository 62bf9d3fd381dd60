/**
 * Rows of the asset and series tables as both stores read them, and the checks both apply before
 * writing: one definition, so SQLite and PostgreSQL accept and return the same.
 */
import { type Asset, type AssetKind, type Series, type SignalType, XinzhiError } from '../core/index.js';
import { badInput } from './validate.js';

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
