/**
 * Sparkplug B payloads (protobuf) through Eclipse Tahu's `sparkplug-payload`, the specification's
 * own reference codec, into plain metrics. Whatever bytes arrive, this returns a result: protobuf
 * errors, absurd sizes and values of types xinzhi does not store become problems or skipped
 * metrics, never exceptions.
 */
import { createRequire } from 'node:module';

/** One metric as xinzhi reads it (64-bit integers as numbers; beyond 2^53 they lose precision). */
export interface SparkplugMetric {
  readonly name: string | undefined;
  readonly alias: number | undefined;
  readonly timestamp: number | undefined;
  /** Tahu's type name (`Double`, `Int32`, `Boolean`, …) or undefined when the metric gives none. */
  readonly type: string | undefined;
  /** Numbers and booleans; anything else (strings, data sets, templates, arrays) is `undefined`. */
  readonly value: number | boolean | undefined;
  readonly isNull: boolean;
  readonly isHistorical: boolean;
  readonly isTransient: boolean;
  /** `engUnit` / `EngUnit` / `unit` property when the edge node sends one. */
  readonly unit: string | undefined;
  /** The decoded metric as JSON, for quarantine and logs. */
  readonly raw: string;
}

export interface SparkplugPayload {
  readonly timestamp: number | undefined;
  readonly seq: number | undefined;
  readonly metrics: readonly SparkplugMetric[];
}

export type DecodeResult =
  | { readonly ok: true; readonly payload: SparkplugPayload }
  | { readonly ok: false; readonly problem: string };

interface TahuCodec {
  decodePayload(bytes: Uint8Array): {
    timestamp?: unknown;
    seq?: unknown;
    metrics?: Array<Record<string, unknown>> | null;
  };
  encodePayload(payload: unknown): Uint8Array;
}

// The package is CommonJS with a `get(namespace)` factory.
const tahu = (
  createRequire(import.meta.url)('sparkplug-payload') as { get(ns: string): TahuCodec | null }
).get('spBv1.0')!;

/** The Tahu codec, for tests and tools that build payloads (edge-node simulators, NCMD). */
export const sparkplugCodec: TahuCodec = tahu;

const NUMERIC_TYPES = new Set([
  'Int8',
  'Int16',
  'Int32',
  'Int64',
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
  'Float',
  'Double',
  'Boolean',
]);

/** Numbers, bigints and protobufjs `Long`s as a JS number; undefined for anything else. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object' && typeof (v as { toNumber?: unknown }).toNumber === 'function') {
    const n = (v as { toNumber(): unknown }).toNumber();
    return typeof n === 'number' ? n : undefined;
  }
  return undefined;
}

function unitOf(props: unknown): string | undefined {
  if (props === null || typeof props !== 'object') return undefined;
  for (const key of ['engUnit', 'EngUnit', 'engUnits', 'unit', 'Unit']) {
    const p = (props as Record<string, { value?: unknown } | undefined>)[key];
    if (p && typeof p.value === 'string' && p.value.length > 0 && p.value.length <= 64) return p.value;
  }
  return undefined;
}

function safeJson(m: Record<string, unknown>): string {
  try {
    return JSON.stringify(m, (_k, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? `<${v.length} bytes>` : v,
    ).slice(0, 4096);
  } catch {
    return '(unprintable metric)';
  }
}

function readMetric(m: Record<string, unknown>): SparkplugMetric {
  const type = typeof m.type === 'string' ? m.type : undefined;
  let value: number | boolean | undefined;
  if (type !== undefined && NUMERIC_TYPES.has(type)) {
    value = typeof m.value === 'boolean' ? m.value : toNumber(m.value);
  }
  const alias = toNumber(m.alias);
  const timestamp = toNumber(m.timestamp);
  return {
    name: typeof m.name === 'string' ? m.name : undefined,
    alias,
    timestamp,
    type,
    value,
    isNull: m.isNull === true,
    isHistorical: m.isHistorical === true,
    isTransient: m.isTransient === true,
    unit: unitOf(m.properties),
    raw: safeJson(m),
  };
}

/** Decodes one payload; `maxMetrics` bounds what one message may make the host do. */
export function decodeSparkplugPayload(bytes: Uint8Array, maxMetrics: number): DecodeResult {
  let decoded: ReturnType<TahuCodec['decodePayload']>;
  try {
    decoded = tahu.decodePayload(bytes);
  } catch (e) {
    return { ok: false, problem: `not a Sparkplug B payload: ${e instanceof Error ? e.message : String(e)}` };
  }
  const list = Array.isArray(decoded.metrics) ? decoded.metrics : [];
  if (list.length > maxMetrics)
    return {
      ok: false,
      problem: `${list.length} metrics in one payload, more than the limit of ${maxMetrics}`,
    };
  const metrics: SparkplugMetric[] = [];
  for (const m of list) {
    if (m === null || typeof m !== 'object') continue;
    metrics.push(readMetric(m));
  }
  return {
    ok: true,
    payload: { timestamp: toNumber(decoded.timestamp), seq: toNumber(decoded.seq), metrics },
  };
}
