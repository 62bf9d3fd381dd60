import type { Command } from '@commander-js/extra-typings';
import { forecastSeries, type IntervalCalibration, MIN_FORECAST_POINTS } from '../../analytics/index.js';
import { toIso, XinzhiError } from '../../core/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { withExistingStore } from '../open-store.js';
import { dbOption, jsonOption, requiredNumberFlag } from '../options.js';
import type { RegisterCommand } from './index.js';
import { readSeriesCsvFile, storedSeries } from './series-input.js';

function medianStep(ts: ArrayLike<number>): number | undefined {
  const d: number[] = [];
  for (let i = 1; i < ts.length; i++) {
    const s = (ts[i] ?? 0) - (ts[i - 1] ?? 0);
    if (s > 0) d.push(s);
  }
  d.sort((a, b) => a - b);
  return d[d.length >> 1];
}

async function loadInput(
  file: string | undefined,
  opts: {
    readonly series?: string | undefined;
    readonly history?: string | undefined;
    readonly db?: string | undefined;
  },
): Promise<{ source: string; unit?: string; timestamps: Float64Array; values: Float64Array }> {
  if ((file === undefined) === (opts.series === undefined))
    throw new XinzhiError(
      'BAD_INPUT',
      file === undefined
        ? 'give a CSV file or --series <id> (a stored series) to forecast'
        : 'give either --series <id> or a CSV file, not both',
      { field: '--series' },
    );
  if (file !== undefined) {
    const table = readSeriesCsvFile(file);
    const keep = [...table.values.keys()].filter((i) => Number.isFinite(table.values[i]));
    return {
      source: file,
      timestamps: Float64Array.from(keep.map((i) => table.timestamps[i] ?? 0)),
      values: Float64Array.from(keep.map((i) => table.values[i] ?? 0)),
    };
  }
  const id = opts.series ?? '';
  const history = Number(opts.history ?? '20000');
  if (!Number.isInteger(history) || history < MIN_FORECAST_POINTS)
    throw new XinzhiError('BAD_INPUT', `--history must be an integer ≥ ${MIN_FORECAST_POINTS}`, {
      field: '--history',
    });
  return withExistingStore(opts, async (store) => {
    const s = await storedSeries(store, id);
    const last = (await store.latest([id])).get(id);
    // The whole series is read, then only the newest `history` points are kept for the fit.
    let points = last ? await store.queryPoints(id, { from: Number.MIN_SAFE_INTEGER, to: last.ts + 1 }) : [];
    if (points.length < MIN_FORECAST_POINTS)
      throw new XinzhiError(
        'BAD_INPUT',
        `series '${id}' has ${points.length} point(s); at least ${MIN_FORECAST_POINTS} are needed to forecast`,
        { field: '--series' },
      );
    if (points.length > history) points = points.slice(points.length - history);
    return {
      source: `series ${id}`,
      unit: s.unit,
      timestamps: Float64Array.from(points.map((p) => p.ts)),
      values: Float64Array.from(points.map((p) => p.value)),
    };
  });
}

/** JSON form: NaN (no quantile) becomes null. */
function calibrationJson(c: IntervalCalibration): Record<string, unknown> {
  return { ...c, quantile: Number.isFinite(c.quantile) ? c.quantile : null };
}

function describeCalibration(c: IntervalCalibration): string {
  return c.method === 'conformal'
    ? `conformal on ${c.origins} past forecasts (${c.residuals} errors, ${c.scaling} scaling)`
    : c.method === 'adaptive-conformal'
      ? `adaptive conformal on ${c.origins} past forecasts (${c.residuals} errors, ${c.scaling} scaling; α ${(c.alpha ?? 0).toFixed(3)} after ${c.replayed ?? 0} replayed origins, γ ${c.gamma ?? 0})`
      : `from the model, uncalibrated: ${c.note ?? ''}`;
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('forecast')
    .description(
      'point forecasts with conformally calibrated prediction intervals (MSTL/ETS) for a stored series or a timestamp,value CSV',
    )
    .argument('[file]', 'CSV with timestamp,value columns')
    .option('--series <id>', 'a stored series id')
    .option('--horizon <n>', 'steps ahead', '24')
    .option('--level <p>', 'prediction-interval level', '0.95')
    .option('--history <n>', 'newest points of a stored series to fit on', '20000')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (file, opts) => {
        const horizon = requiredNumberFlag('--horizon', opts.horizon, { integer: true, positive: true });
        const level = Number(opts.level);
        if (!(level > 0 && level < 1))
          throw new XinzhiError('BAD_INPUT', '--level must be between 0 and 1, e.g. 0.95', {
            field: '--level',
          });
        const input = await loadInput(file, opts);
        const step = medianStep(input.timestamps);
        const f = forecastSeries(input.values, { horizon, level, ...(step ? { stepMs: step } : {}) });
        const lastTs = input.timestamps[input.timestamps.length - 1] ?? 0;
        const rows = f.point.map((p, h) => ({
          ts: step ? toIso(lastTs + (h + 1) * step) : null,
          step: h + 1,
          point: p,
          lower: f.lower[h] ?? null,
          upper: f.upper[h] ?? null,
        }));
        if (opts.json) {
          printJson(ctx, {
            source: input.source,
            ...(input.unit === undefined ? {} : { unit: input.unit }),
            points: input.values.length,
            model: f.model,
            periods: f.periods,
            level,
            stepMs: step ?? null,
            calibration: calibrationJson(f.calibration),
            forecast: rows,
          });
          return;
        }
        ctx.stdout(
          `${input.source}${input.unit === undefined ? '' : ` [${input.unit}]`}: ${input.values.length} points, ${f.model}${f.periods.length ? ` periods ${f.periods.join('+')}` : ''}, ${level * 100} % intervals ${describeCalibration(f.calibration)}`,
        );
        for (const r of rows)
          ctx.stdout(
            `${r.ts ?? `+${r.step}`}  ${r.point.toFixed(4)}  [${r.lower?.toFixed(4)}, ${r.upper?.toFixed(4)}]`,
          );
      }),
    );
};
