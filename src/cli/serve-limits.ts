/**
 * `xinzhi serve` flags for the request limits (`Limits` in core): one flag per limit, each named
 * in the message a client gets when it hits that limit, so the fix is in the error.
 */
import type { Command } from '@commander-js/extra-typings';
import { type LimitOverrides, XinzhiError } from '../core/index.js';
import { type OptsOf, sharedOptions } from './options.js';

/** The limit flags as commander parses them (inferred from `limitFlags`). */
export type LimitFlags = OptsOf<ReturnType<typeof addLimitFlags>>;

const UNITS: Record<string, number> = {
  '': 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** Bytes from `1048576`, `64k`, `32MiB`, `1g` (binary multiples). */
export function parseSize(v: string, flag: string): number {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(v.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined || Number(m[1]) < 1)
    throw new XinzhiError('BAD_INPUT', `'${v}' is not a size like 1048576, 64k, 32MiB or 1g`, {
      field: flag,
    });
  return Number(m[1]) * unit;
}

const countOf = (v: string, flag: string): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new XinzhiError('BAD_INPUT', `'${v}' is not a whole number ≥ 1`, { field: flag });
  return n;
};

/** The limit overrides the flags give (unset flags keep the defaults). */
export function limitsFromFlags(
  o: { readonly [K in keyof LimitFlags]?: LimitFlags[K] | undefined },
): LimitOverrides {
  const size = (v: string | undefined, flag: string) => (v === undefined ? undefined : parseSize(v, flag));
  const count = (v: string | undefined, flag: string) => (v === undefined ? undefined : countOf(v, flag));
  const out = {
    jsonDepth: count(o.maxJsonDepth, '--max-json-depth'),
    mqttPacketBytes: size(o.maxMqttPacket, '--max-mqtt-packet'),
    mqttPayloadBytes: size(o.maxMqttPayload, '--max-mqtt-payload'),
    mqttRetainedPerClient: count(o.maxRetainedPerClient, '--max-retained-per-client'),
    mqttRetainedTotal: count(o.maxRetained, '--max-retained'),
    importColumns: count(o.maxColumns, '--max-columns'),
    newSeriesPerImport: count(o.maxNewSeriesPerImport, '--max-new-series-per-import'),
    newSeriesPerRequest: count(o.maxNewSeriesPerRequest, '--max-new-series-per-request'),
    bodyBytes: {
      points: size(o.maxBodyPoints, '--max-body-points'),
      events: size(o.maxBodyEvents, '--max-body-events'),
      imports: size(o.maxUpload, '--max-upload'),
      other: size(o.maxBody, '--max-body'),
    },
  };
  return out as LimitOverrides;
}

/** Adds the limit flags to a command (defaults in `DEFAULT_LIMITS`, listed in docs/ingest.md). */
const addLimitFlags = (cmd: Command) =>
  cmd
    .option('--max-json-depth <n>', 'deepest JSON nesting accepted anywhere (default 32)')
    .option('--max-mqtt-packet <size>', 'largest MQTT packet the embedded broker reads (default 1MiB)')
    .option('--max-mqtt-payload <size>', 'largest MQTT payload ingested (default 1MiB)')
    .option('--max-retained-per-client <n>', 'retained MQTT messages one client may keep (default 100)')
    .option('--max-retained <n>', 'retained MQTT messages kept in all (default 10000)')
    .option('--max-body-points <size>', 'largest POST /points batch (default 32MiB)')
    .option('--max-body-events <size>', 'largest POST /events body (default 64KiB)')
    .option('--max-upload <size>', 'largest POST /imports upload (default 512MiB)')
    .option('--max-body <size>', 'largest body of any other request (default 1MiB)')
    .option('--max-columns <n>', 'most columns of an imported CSV (default 2000)')
    .option('--max-new-series-per-import <n>', 'series one import may create (default 10000)')
    .option('--max-new-series-per-request <n>', 'series one HTTP batch may create (default 1000)');

/** Adds the limit flags to a command, keeping its own options typed. */
export const limitFlags = sharedOptions(addLimitFlags);
