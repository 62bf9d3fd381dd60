import { Command } from 'commander';
import { parseDuration, SIGNAL_TYPES, type SignalType, XinzhiError } from '../../core/index.js';
import type { SeriesInput } from '../../store/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { withExistingStore } from '../open-store.js';
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

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  const cmd = new Command('series').description(
    'list series and set their range limits, retention and interval',
  );
  cmd
    .command('list')
    .description('list series')
    .option('--asset <id>', 'series of this asset only')
    .option('--db <path>', 'database file (default ./xinzhi.db or $XINZHI_DB)')
    .option('--json', 'print one JSON object')
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
    .option('--db <path>', 'database file (default ./xinzhi.db or $XINZHI_DB)')
    .option('--json', 'print one JSON object')
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
          },
        ) => {
          const min = numOrNone(opts.min, '--min');
          const max = numOrNone(opts.max, '--max');
          const retention = numOrNone(opts.retentionDays, '--retention-days');
          let interval: number | null | undefined;
          if (opts.interval === 'none') interval = null;
          else if (opts.interval !== undefined) {
            interval = parseDuration(opts.interval);
            if (interval === undefined || interval <= 0)
              throw new XinzhiError(
                'BAD_INPUT',
                `--interval must be a duration like 10s or 1m, not "${opts.interval}"`,
                {
                  field: '--interval',
                },
              );
          }
          let signal: SignalType | null | undefined;
          if (opts.signal === 'none') signal = null;
          else if (opts.signal !== undefined) {
            if (!(SIGNAL_TYPES as readonly string[]).includes(opts.signal))
              throw new XinzhiError(
                'BAD_INPUT',
                `--signal must be one of ${SIGNAL_TYPES.join(', ')} (or none), not "${opts.signal}"`,
                { field: '--signal' },
              );
            signal = opts.signal as SignalType;
          }
          if (min != null && max != null && min > max)
            throw new XinzhiError('BAD_INPUT', '--min must not exceed --max', { field: '--min' });
          const updated = await withExistingStore(opts, async (s) => {
            const cur = await s.getSeries(id);
            if (!cur) throw new XinzhiError('NOT_FOUND', `no series "${id}"`, { field: 'id' });
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
          if (opts.json) printJson(ctx, updated);
          else
            ctx.stdout(
              `${updated.id}: range ${updated.minValue ?? '-∞'}..${updated.maxValue ?? '∞'} ${updated.unit}, ` +
                `interval ${updated.expectedIntervalMs ?? 'learned'}, retention ${updated.retentionDays ?? '∞'} d, signal ${updated.signal ?? 'unset'}`,
            );
        },
      ),
    );
  program.addCommand(cmd);
};
