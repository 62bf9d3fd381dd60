/**
 * How CSV columns become readings. Detected from the header when not given: a `series` + `value`
 * header (or `[asset +] metric` + `value`) is the long layout, anything else is wide (one series
 * per non-time column, so `timestamp,value` with `--asset A` is the series `A/value`). An explicit mapping (`--map`, JSON or YAML) names the columns.
 */
import { XinzhiError } from '../../core/errors.js';
import { parseHeaderCell, toMetric } from './parse-header.js';

/** A column mapping (see docs/ingest.md); `parseMappingSpec` reads and validates one. */
export interface ColumnMapping {
  /** Time column (name or 0-based index). Default: `ts|time|timestamp|datetime|date`, else the first column. */
  readonly time?: string | number | undefined;
  /** Long layout: the column holding the series id. */
  readonly series?: string | undefined;
  /** Long layout: the asset column, with `metric`. */
  readonly asset?: string | undefined;
  readonly metric?: string | undefined;
  /** Long layout: the value column. */
  readonly value?: string | undefined;
  /** Long layout: the unit column. */
  readonly unit?: string | undefined;
  /** Wide layout: value columns → series id, or { series | metric, unit }. Unlisted columns are ignored. */
  readonly columns?:
    | Readonly<
        Record<
          string,
          | string
          | {
              readonly series?: string | undefined;
              readonly metric?: string | undefined;
              readonly unit?: string | undefined;
            }
        >
      >
    | undefined;
  /** Wide layout without `columns`: columns to ignore. */
  readonly skip?: readonly string[] | undefined;
}

/**
 * How a column writes numbers when it is not plain (`21.5`), decided once per column from a sample
 * (see inspect-csv.ts), never per cell: `comma` is `21,5`; `grouped-comma` is `1.234,5` (dots group
 * thousands); `grouped-dot` is `12,345.6` (commas group thousands).
 */
export type NumberFormat = 'comma' | 'grouped-comma' | 'grouped-dot';

/** Per-column reading of cells; absent for plain numbers, so the common path does no extra work. */
export interface CellFormat {
  readonly numbers?: NumberFormat | undefined;
  /** State text → code (`--states RUN=1,STOP=0`); text not listed stays as is (and is rejected). */
  readonly states?: Readonly<Record<string, string>> | undefined;
}

export interface WideColumn {
  readonly index: number;
  readonly seriesId: string;
  readonly unit: string | undefined;
  readonly format?: CellFormat | undefined;
}

export type CsvLayout =
  | {
      readonly kind: 'long';
      readonly time: number;
      readonly series: number | undefined;
      readonly asset: number | undefined;
      readonly metric: number | undefined;
      readonly value: number;
      readonly unit: number | undefined;
      /** Asset prefixed to series ids without one (from --asset). */
      readonly defaultAsset: string | undefined;
      readonly format?: CellFormat | undefined;
    }
  | { readonly kind: 'wide'; readonly time: number; readonly columns: readonly WideColumn[] };

const TIME_NAMES = /^(ts|time|timestamp|datetime|date[ _]?time|date|zeit|zeitstempel|时间|日期时间)$/i;

/** Resolves the layout of a file from its header row. `asset` is required for wide files. */
export function resolveLayout(
  header: readonly string[],
  mapping: ColumnMapping | undefined,
  asset: string | undefined,
  file: string,
): CsvLayout {
  const names = header.map((h) => h.trim());
  const lower = names.map((n) => parseHeaderCell(n).metric.toLowerCase());
  const col = (name: string, what: string): number => {
    let i = names.indexOf(name);
    if (i < 0) i = lower.indexOf(name.toLowerCase());
    if (i < 0) {
      throw new XinzhiError(
        'BAD_INPUT',
        `${file}:1: no column "${name}" for ${what} (header: ${names.join(', ')})`,
        {
          field: 'map',
        },
      );
    }
    return i;
  };
  const find = (n: string): number | undefined => {
    const i = lower.indexOf(n);
    return i < 0 ? undefined : i;
  };

  let time: number;
  if (typeof mapping?.time === 'number') time = mapping.time;
  else if (typeof mapping?.time === 'string') time = col(mapping.time, 'time');
  else
    time = Math.max(
      0,
      lower.findIndex((n) => TIME_NAMES.test(n)),
    );
  if (time >= names.length)
    throw new XinzhiError('BAD_INPUT', `${file}:1: time column ${time} does not exist`);

  // Long only with a column saying which series a row belongs to: `timestamp,value` is a wide file
  // of one column (series `<asset>/value`), which is what an export of a single tag looks like.
  const seriesCol = mapping?.series
    ? col(mapping.series, 'series')
    : (find('series') ?? find('series_id') ?? find('tag'));
  const metricCol = mapping?.metric ? col(mapping.metric, 'metric') : find('metric');
  const longValue =
    mapping?.value ??
    (mapping?.columns || find('value') === undefined || (seriesCol === undefined && metricCol === undefined)
      ? undefined
      : 'value');
  if (longValue !== undefined) {
    const value = col(longValue, 'value');
    const series = seriesCol;
    const assetCol = mapping?.asset ? col(mapping.asset, 'asset') : find('asset');
    const metric = metricCol;
    const unit = mapping?.unit ? col(mapping.unit, 'unit') : find('unit');
    if (series === undefined && metric === undefined) {
      throw new XinzhiError(
        'BAD_INPUT',
        `${file}:1: a long layout needs a "series" column or "asset" + "metric" columns (header: ${names.join(', ')})`,
      );
    }
    if (series === undefined && assetCol === undefined && asset === undefined) {
      throw new XinzhiError(
        'BAD_INPUT',
        `${file}:1: a "metric" column without an "asset" column needs --asset`,
      );
    }
    return { kind: 'long', time, series, asset: assetCol, metric, value, unit, defaultAsset: asset };
  }

  const columns: WideColumn[] = [];
  const needAsset = (): string => {
    if (asset === undefined) {
      throw new XinzhiError(
        'BAD_INPUT',
        `${file}:1: wide layout (one series per column: ${names.filter((_, k) => k !== time).join(', ')}) needs --asset to name the columns' asset (e.g. --asset plant1/line1 gives plant1/line1/${parseHeaderCell(names.find((_, k) => k !== time) ?? 'value').metric}), or a mapping giving each column's series; a long layout needs a "series" column`,
        { field: 'asset' },
      );
    }
    return asset;
  };
  if (mapping?.columns) {
    for (const [name, target] of Object.entries(mapping.columns)) {
      const index = col(name, 'a value column');
      const h = parseHeaderCell(names[index]!);
      const t = typeof target === 'string' ? { series: target } : target;
      const seriesId = t.series ?? `${needAsset()}/${toMetric(t.metric ?? h.metric)}`;
      columns.push({ index, seriesId, unit: t.unit ?? h.unit });
    }
  } else {
    const skip = new Set(mapping?.skip ?? []);
    for (let i = 0; i < names.length; i++) {
      if (i === time || skip.has(names[i]!) || names[i] === '') continue;
      const h = parseHeaderCell(names[i]!);
      columns.push({ index: i, seriesId: `${needAsset()}/${h.metric}`, unit: h.unit });
    }
  }
  if (columns.length === 0)
    throw new XinzhiError('BAD_INPUT', `${file}:1: no value columns besides the time column`);
  return { kind: 'wide', time, columns };
}
