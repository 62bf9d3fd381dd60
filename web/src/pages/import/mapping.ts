/** The role of each CSV column, chosen on the page, and the server's column mapping built from them. */
import type { MessageKey } from '../../i18n/i18n.js';

export const ROLES = ['time', 'series', 'asset', 'metric', 'value', 'unit', 'wide', 'ignore'] as const;
export type Role = (typeof ROLES)[number];

export function guessRole(name: string): Role {
  const n = name.trim().toLowerCase();
  if (/^(ts|time|timestamp|datetime|date)$/.test(n)) return 'time';
  if (n === 'series' || n === 'asset' || n === 'metric' || n === 'value' || n === 'unit') return n;
  return 'wide';
}

export interface MappingResult {
  readonly map?: Record<string, unknown>;
  readonly problem?: MessageKey;
}

/** The server's ColumnMapping (src/ingest/csv/column-mapping.ts) for the chosen roles. */
export function buildMapping(
  header: readonly string[],
  roles: readonly Role[],
  asset: string,
): MappingResult {
  const named = (r: Role) => header.filter((_, i) => roles[i] === r);
  const time = named('time');
  if (time.length !== 1) return { problem: 'import.needTime' };
  const value = named('value');
  const wide = named('wide');
  const map: Record<string, unknown> = { time: time[0] };
  if (value.length === 1) {
    const [series, assetCol, metric, unit] = [
      named('series'),
      named('asset'),
      named('metric'),
      named('unit'),
    ];
    if (series.length !== 1 && !(assetCol.length === 1 && metric.length === 1))
      return { problem: 'import.needSeries' };
    map['value'] = value[0];
    if (series.length === 1) map['series'] = series[0];
    else {
      map['asset'] = assetCol[0];
      map['metric'] = metric[0];
    }
    if (unit.length === 1) map['unit'] = unit[0];
    return { map };
  }
  if (wide.length === 0) return { problem: 'import.needValue' };
  if (asset.trim() === '') return { problem: 'import.needAsset' };
  const skip = header.filter((_, i) => roles[i] !== 'wide' && roles[i] !== 'time');
  if (skip.length > 0) map['skip'] = skip;
  return { map };
}
