/**
 * `xinzhi detect`: the streaming anomaly detector over a `timestamp,value` CSV or a stored series.
 *
 *   xinzhi detect readings.csv [--out scored.csv] [--json]
 *   xinzhi detect --series plant/press3/temp [--from 2024-06-01] [--to 2024-07-01] [--db plant.db] [--json]
 */
import { writeFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { DEFAULT_DETECTOR_OPTIONS, detectSeries } from '../../analytics/index.js';
import { parseTime, toIso, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { withExistingStore } from '../open-store.js';
import { dbOption, jsonOption } from '../options.js';
import type { RegisterCommand } from './index.js';
import { readSeriesCsvFile, storedSeries } from './series-input.js';

/** What the detector runs over, whichever the source: times in ms, and cells to echo in the output. */
interface DetectInput {
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  readonly rawTimestamps: readonly string[];
  readonly rawValues: readonly string[];
}

/** Points read per store query, so a long series is read in bounded slices. */
const PAGE = 50_000;

function timeFlag(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const t = parseTime(v);
  if (t === undefined)
    throw new XinzhiError('BAD_INPUT', `${flag} '${v}' is not an ISO 8601 time or epoch`, { field: flag });
  return t;
}

async function readStoredInput(
  store: Store,
  id: string,
  from: number | undefined,
  to: number | undefined,
): Promise<DetectInput & { unit: string; from: number; to: number }> {
  const s = await storedSeries(store, id);
  const stats = await store.pointStats(id);
  const lo = from ?? stats.firstTs ?? 0;
  // A --from after the last point is an empty range, not a reversed one.
  const hi = to ?? Math.max((stats.lastTs ?? lo) + 1, lo + 1);
  if (hi <= lo) throw new XinzhiError('BAD_INPUT', '--to must be after --from', { field: '--to' });
  const ts: number[] = [];
  const vs: number[] = [];
  let next = lo;
  for (;;) {
    const page = await store.queryPoints(id, { from: next, to: hi, limit: PAGE });
    for (const p of page) {
      ts.push(p.ts);
      vs.push(p.value);
    }
    if (page.length < PAGE) break;
    next = (page[page.length - 1]?.ts ?? hi) + 1;
  }
  if (ts.length === 0)
    throw new XinzhiError('NOT_FOUND', `series '${id}' has no points between ${toIso(lo)} and ${toIso(hi)}`, {
      field: '--series',
    });
  return {
    unit: s.unit,
    from: lo,
    to: hi,
    timestamps: Float64Array.from(ts),
    values: Float64Array.from(vs),
    rawTimestamps: ts.map(toIso),
    rawValues: vs.map(String),
  };
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('detect')
    .description(
      'streaming anomaly detection over a timestamp,value CSV or a stored series: a score in [0,1] and an alert flag per row',
    )
    .argument('[file]', 'CSV with a header naming timestamp and value (the NAB layout)')
    .option('--series <id>', 'a stored series id instead of a file (`xinzhi series list`)')
    .option('--from <time>', 'with --series: ISO 8601 or epoch (default: its first point)')
    .option('--to <time>', 'with --series: ISO 8601 or epoch, exclusive (default: after its last point)')
    .addOption(dbOption())
    .option('--out <file>', 'write timestamp,value,anomaly_score,alert here (default: stdout unless --json)')
    .addOption(jsonOption('print one JSON summary'))
    .action(
      action(ctx, async (file, opts) => {
        if ((file === undefined) === (opts.series === undefined))
          throw new XinzhiError(
            'BAD_INPUT',
            file === undefined
              ? 'give a CSV file or --series <id> (a stored series) to run the detector on'
              : 'give either a CSV file or --series <id>, not both',
            { field: '--series' },
          );
        const storeOnly = (['from', 'to', 'db'] as const).find((k) => opts[k] !== undefined);
        if (file !== undefined && storeOnly !== undefined)
          throw new XinzhiError('BAD_INPUT', `--${storeOnly} applies to --series, not to a file`, {
            field: `--${storeOnly}`,
          });
        const from = timeFlag(opts.from, '--from');
        const to = timeFlag(opts.to, '--to');
        const stored =
          file === undefined
            ? await withExistingStore(opts, (store) => readStoredInput(store, opts.series ?? '', from, to))
            : undefined;
        const input: DetectInput = stored ?? readSeriesCsvFile(file ?? '');
        const started = performance.now();
        const r = detectSeries(input.timestamps, input.values);
        const seconds = (performance.now() - started) / 1000;
        const rows = input.values.length;
        const csv =
          opts.out !== undefined || !opts.json
            ? [
                'timestamp,value,anomaly_score,alert',
                ...input.rawTimestamps.map(
                  (ts, i) =>
                    `${ts},${input.rawValues[i] ?? ''},${(r.scores[i] ?? 0).toFixed(6)},${r.alerts[i] ?? 0}`,
                ),
              ].join('\n')
            : '';
        if (opts.out !== undefined) writeFileSync(opts.out, `${csv}\n`);
        const source =
          stored !== undefined
            ? { series: opts.series, unit: stored.unit, from: toIso(stored.from), to: toIso(stored.to) }
            : { file };
        if (opts.json) {
          printJson(ctx, {
            ...source,
            rows,
            alerts: r.alertRows.length,
            alertRows: r.alertRows.map((i) => ({
              row: i,
              timestamp: input.rawTimestamps[i],
              value: input.values[i],
              score: r.scores[i],
            })),
            maxScore: r.scores.reduce((a, b) => Math.max(a, b), 0),
            threshold: DEFAULT_DETECTOR_OPTIONS.threshold,
            pointsPerSecond: Math.round(rows / Math.max(seconds, 1e-9)),
            out: opts.out ?? null,
          });
        } else if (opts.out === undefined) ctx.stdout(csv);
        else
          ctx.stderr(
            `${file ?? `series ${opts.series}`}: ${rows} rows, ${r.alertRows.length} alerts → ${opts.out}`,
          );
      }),
    );
};
