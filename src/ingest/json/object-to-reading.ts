/**
 * The JSON reading shape shared by JSON/NDJSON files, HTTP bodies and MQTT payloads:
 * `{ "series": "p1/m1/temp", "ts": <ms|s|µs|ISO>, "value": 21.5, "unit": "Cel" }`, or
 * `asset` + `metric` instead of `series`. Field-level validation is the pipeline's; this only
 * maps the shape.
 */
import type { RawReading } from '../types.js';

export interface JsonReadingDefaults {
  /** Asset for objects that give only `metric` (or a `series` without `/`). */
  readonly asset?: string | undefined;
  /** Series for objects that give neither `series` nor `metric` (e.g. an MQTT topic's series). */
  readonly seriesId?: string | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : undefined);

/** A reading from a parsed JSON value; non-objects become a reading the pipeline rejects with a clear message. */
export function objectToReading(
  o: unknown,
  location: string,
  raw: string,
  defaults: JsonReadingDefaults = {},
): RawReading {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    return { seriesId: defaults.seriesId ?? '', ts: undefined, value: undefined, location, raw };
  }
  const r = o as Record<string, unknown>;
  const series = str(r['series']) ?? str(r['seriesId']) ?? str(r['series_id']);
  const asset = str(r['asset']) ?? defaults.asset;
  const metric = str(r['metric']);
  let seriesId: string;
  if (series !== undefined) seriesId = !series.includes('/') && asset ? `${asset}/${series}` : series;
  else if (metric !== undefined) seriesId = asset ? `${asset}/${metric}` : metric;
  else seriesId = defaults.seriesId ?? '';
  const ts = r['ts'] ?? r['time'] ?? r['timestamp'];
  const unit = r['unit'];
  return {
    seriesId,
    ts,
    value: r['value'],
    unit: typeof unit === 'string' ? unit : undefined,
    location,
    raw,
  };
}
