import { Command } from 'commander';
import { parseDuration, type Series, SIGNAL_TYPES, type SignalType, XinzhiError } from '../../core/index.js';
import { monitoring } from '../../domains/index.js';
import { changeSeriesUnit, createSeries, type UnitChange } from '../../ingest/index.js';
import type { SeriesInput } from '../../store/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { withExistingStore, withStore } from '../open-store.js';
import { dbOption, jsonOption } from '../options.js';
import type { RegisterCommand } from './index.js';

interface Common {
  db?: string;
  json?: boolean;
}

/** A number, or `none` to clear the setting. */
function numOrNone(v: string | undefined, field: string): number | null | undefined {
  if (v === undefined) return undefined;
  if (v === 'none') return null;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n))
    throw new XinzhiError('BAD_INPUT', `${field} must be a number or "none", not "${v}"`, { field });
  return n;
}

function intervalOrNone(v: string | undefined): number | null | undefined {
  if (v === undefined) return undefined;
  if (v === 'none') return null;
  const ms = parseDuration(v);
  if (ms === undefined || ms <= 0)
    throw new XinzhiError('BAD_INPUT', `--interval must be a duration like 10s or 1m, not "${v}"`, {
      field: '--interval',
    });
  return ms;
}

function signalOrNone(v: string | undefined): SignalType | null | undefined {
  if (v === undefined) return undefined;
  if (v === 'none') return null;
  if (!(SIGNAL_TYPES as readonly string[]).includes(v))
    throw new XinzhiError(
      'BAD_INPUT',
      `--signal must be one of ${SIGNAL_TYPES.join(', ')} (or none), not "${v}"`,
      {
        field: '--signal',
      },
    );
  return v as SignalType;
}

const settingsLine = (s: Series): string =>
  `${s.id}: range ${s.minValue ?? '-∞'}..${s.maxValue ?? '∞'} ${s.unit}, ` +
  `interval ${s.expectedIntervalMs ?? 'learned'}, retention ${s.retentionDays ?? '∞'} d, signal ${s.signal ?? 'unset'}`;

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  const cmd = new Command('series').description(
    'list, create, rename and delete series; set range limits, retention, interval and unit',
  );
  cmd
    .command('list')
    .description('list series')
    .option('--asset <id>', 'series of this asset only')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts: Common & { asset?: string }) => {
        const list = await withExistingStore(opts, (s) =>
          s.listSeries(opts.asset === undefined ? {} : { assetId: opts.asset }),
        );
        if (opts.json) printJson(ctx, { series: list });
        else
          ctx.stdout(
            list.length === 0
              ? 'no series yet'
              : list
                  .map(
                    (s) =>
                      `${s.id}  [${s.unit}]  range ${s.minValue ?? '-∞'}..${s.maxValue ?? '∞'}  ` +
                      `interval ${s.expectedIntervalMs === null ? 'learned' : `${s.expectedIntervalMs} ms`}  retention ${s.retentionDays ?? '∞'} d`,
                  )
                  .join('\n'),
          );
      }),
    );
  cmd
    .command('set <id>')
    .description('change settings of a series ("none" clears a value)')
    .option('--min <value>', 'physical minimum (in the series unit); values below are quarantined')
    .option('--max <value>', 'physical maximum; values above are quarantined')
    .option('--retention-days <days>', 'delete raw points older than this (rollups stay)')
    .option('--interval <duration>', 'expected sampling interval (10s, 1m…) for gaps and completeness')
    .option('--description <text>', 'free text')
    .option('--signal <type>', 'gauge, counter or state: stuck and outlier checks apply to gauges only')
    .option(
      '--unit <ucum>',
      'store the series in this unit, converting stored points, rollups and limits (same quantity only)',
    )
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(
        ctx,
        async (
          id: string,
          opts: Common & {
            min?: string;
            max?: string;
            retentionDays?: string;
            interval?: string;
            description?: string;
            signal?: string;
            unit?: string;
          },
        ) => {
          const min = numOrNone(opts.min, '--min');
          const max = numOrNone(opts.max, '--max');
          const retention = numOrNone(opts.retentionDays, '--retention-days');
          const interval = intervalOrNone(opts.interval);
          const signal = signalOrNone(opts.signal);
          if (min != null && max != null && min > max)
            throw new XinzhiError('BAD_INPUT', '--min must not exceed --max', { field: '--min' });
          if (opts.unit !== undefined && opts.unit.trim() === '')
            throw new XinzhiError('BAD_INPUT', '--unit must not be empty', { field: '--unit' });
          let change: UnitChange | undefined;
          const updated = await withExistingStore(opts, async (s) => {
            if (!(await s.getSeries(id)))
              throw new XinzhiError('NOT_FOUND', `no series "${id}"`, { field: 'id' });
            // The unit first: limits given with it are in the new unit.
            if (opts.unit !== undefined) change = await changeSeriesUnit(s, id, opts.unit);
            const cur = (await s.getSeries(id))!;
            const input: SeriesInput = {
              assetId: cur.assetId,
              metric: cur.metric,
              unit: cur.unit,
              ...(min === undefined ? {} : { minValue: min }),
              ...(max === undefined ? {} : { maxValue: max }),
              ...(retention === undefined ? {} : { retentionDays: retention }),
              ...(interval === undefined ? {} : { expectedIntervalMs: interval }),
              ...(opts.description === undefined ? {} : { description: opts.description }),
              ...(signal === undefined ? {} : { signal }),
            };
            return s.upsertSeries(input);
          });
          const conversion =
            change === undefined
              ? undefined
              : {
                  from: change.from,
                  to: change.series.unit,
                  points: change.points,
                  factor: change.factor,
                  offset: change.offset,
                };
          if (opts.json) printJson(ctx, conversion === undefined ? updated : { ...updated, conversion });
          else
            ctx.stdout(
              (conversion === undefined
                ? ''
                : `converted ${conversion.points} points and their rollups from ${conversion.from} to ${conversion.to} (v × ${conversion.factor} + ${conversion.offset})\n`) +
                settingsLine(updated),
            );
        },
      ),
    );

  cmd
    .command('create <id>')
    .description('create a series <asset>/<metric> before its first reading (the asset is created too)')
    .requiredOption('--unit <ucum>', 'its unit: a UCUM code or alias (Cel, °C, kPa, [psi], 1/min, %)')
    .option('--min <value>', 'physical minimum; values below are quarantined')
    .option('--max <value>', 'physical maximum; values above are quarantined')
    .option('--retention-days <days>', 'delete raw points older than this (rollups stay)')
    .option('--interval <duration>', 'expected sampling interval (10s, 1m…)')
    .option('--description <text>', 'free text')
    .option('--signal <type>', 'gauge, counter or state')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(
        ctx,
        async (
          id: string,
          opts: Common & {
            unit: string;
            min?: string;
            max?: string;
            retentionDays?: string;
            interval?: string;
            description?: string;
            signal?: string;
          },
        ) => {
          const min = numOrNone(opts.min, '--min');
          const max = numOrNone(opts.max, '--max');
          const retention = numOrNone(opts.retentionDays, '--retention-days');
          const interval = intervalOrNone(opts.interval);
          const signal = signalOrNone(opts.signal);
          if (min != null && max != null && min > max)
            throw new XinzhiError('BAD_INPUT', '--min must not exceed --max', { field: '--min' });
          // Creating writes: the database is created if missing, as `import` does.
          const created = await withStore(opts, (s) =>
            createSeries(s, {
              id,
              unit: opts.unit,
              ...(min === undefined ? {} : { minValue: min }),
              ...(max === undefined ? {} : { maxValue: max }),
              ...(retention === undefined ? {} : { retentionDays: retention }),
              ...(interval === undefined ? {} : { expectedIntervalMs: interval }),
              ...(opts.description === undefined ? {} : { description: opts.description }),
              ...(signal === undefined ? {} : { signal }),
            }),
          );
          if (opts.json) printJson(ctx, created);
          else ctx.stdout(`created ${settingsLine(created)}`);
        },
      ),
    );

  cmd
    .command('rename <id> <new-id>')
    .description(
      'give a series a new id; its points, rollups, counters, quarantine rows and alarm rules follow',
    )
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id: string, newId: string, opts: Common) => {
        const renamed = await withExistingStore(opts, (s) => monitoring.renameSeries(s, id, newId));
        if (opts.json) printJson(ctx, { from: id, series: renamed });
        else ctx.stdout(`renamed ${id} to ${renamed.id}`);
      }),
    );

  cmd
    .command('delete <id>')
    .description('delete a series with its points, rollups and alarm rules (asks for --yes)')
    .option('--yes', 'really delete: there is no undo')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id: string, opts: Common & { yes?: boolean }) => {
        const r = await withExistingStore(opts, async (s) => {
          if (!(await s.getSeries(id)))
            throw new XinzhiError('NOT_FOUND', `no series "${id}"`, { field: 'id' });
          if (opts.yes !== true) {
            const { count } = await s.pointStats(id);
            throw new XinzhiError(
              'BAD_INPUT',
              `deleting ${id} removes its ${count} stored points and their rollups for good; run again with --yes`,
              { field: '--yes', context: { points: count } },
            );
          }
          return monitoring.deleteSeries(s, id);
        });
        if (opts.json) printJson(ctx, { deleted: id, points: r.points });
        else ctx.stdout(`deleted ${id} and its ${r.points} points`);
      }),
    );
  program.addCommand(cmd);
};
