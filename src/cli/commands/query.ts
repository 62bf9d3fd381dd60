import type { Command } from '@commander-js/extra-typings';
import { QUALITY, resolveTimeZone, toIso, toIsoInZone, XinzhiError } from '../../core/index.js';
import { querySeries } from '../../ingest/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { openExistingStore } from '../open-store.js';
import { dbOption, jsonOption, numberFlag } from '../options.js';
import type { RegisterCommand } from './index.js';
import { exportQuery, type OutputFormat, parseOutputFormat, writeJsonFile } from './query-export.js';

const FLAGS: ReadonlyArray<[number, string]> = Object.entries(QUALITY)
  .filter(([, v]) => v > 0)
  .map(([k, v]) => [v, k.toLowerCase()]);
const flagNames = (q: number): string =>
  FLAGS.filter(([bit]) => (q & bit) !== 0)
    .map(([, n]) => n)
    .join(',');

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('query')
    .description('read a series: raw points, or buckets (min/max/avg/count/last) served from rollups')
    .requiredOption(
      '--series <id>',
      'series id, e.g. plant1/press3/temp (repeat for several series in one csv/xlsx/parquet export)',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .option('--from <time>', 'ISO 8601 or epoch (default: first point)')
    .option('--to <time>', 'ISO 8601 or epoch, exclusive (default: after the last point)')
    .option(
      '--bucket <width>',
      '1m | 1h | any duration; 1d, 1w (ISO week from Monday), 1mo: calendar buckets in --tz; omitted: raw points',
    )
    .option(
      '--tz <zone>',
      "IANA zone (e.g. Asia/Shanghai) or offset (+08:00) of calendar buckets and of --from/--to without offset (default: the site's timeZone attribute, else UTC)",
    )
    .option('--limit <n>', 'maximum raw points per series (default 10000 printed; all in the range exported)')
    .option(
      '--format <format>',
      'json | csv | xlsx | parquet: write a file (xlsx and parquet need --out; csv without --out goes to stdout)',
    )
    .option(
      '--out <file>',
      'file to write the --format output to ("-": stdout, refused for binary on a terminal)',
    )
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        const limit = numberFlag('--limit', opts.limit, { integer: true, positive: true });
        // Checked before the database is opened: "--tz CST" is refused whatever the store holds.
        const zone = opts.tz === undefined ? undefined : resolveTimeZone(opts.tz, '--tz');
        const format: OutputFormat | undefined =
          opts.format === undefined ? undefined : parseOutputFormat(opts.format);
        if (format !== undefined && format !== 'json') {
          await exportQuery(ctx, { ...opts, format, limit });
          return;
        }
        if (opts.out !== undefined && format === undefined)
          throw new XinzhiError('BAD_INPUT', '--out needs --format json|csv|xlsx|parquet', {
            field: '--out',
          });
        if (opts.series.length > 1)
          throw new XinzhiError(
            'BAD_INPUT',
            `${opts.series.length} series given: several series are exported with --format csv|xlsx|parquet; printed or as JSON, one --series`,
            { field: '--series' },
          );
        const seriesId = opts.series[0]!;
        const iso = (ms: number): string => (zone ? toIsoInZone(ms, zone) : toIso(ms));
        const store = await openExistingStore({ db: opts.db });
        try {
          const r = await querySeries(store, {
            seriesId,
            from: opts.from,
            to: opts.to,
            bucket: opts.bucket,
            limit: limit ?? 10_000,
            tz: zone?.name,
          });
          if (format === 'json' && opts.out !== undefined && opts.out !== '-') {
            const doc = { ...r, from: toIso(r.from), to: toIso(r.to) };
            const rows = 'points' in r ? r.points.length : r.buckets.length;
            await writeJsonFile(opts.out, doc);
            if (opts.json) printJson(ctx, { file: opts.out, format, series: [r.series], rows });
            else
              ctx.stdout(
                `wrote ${rows} ${'points' in r ? 'points' : 'buckets'} of ${r.series} to ${opts.out} (json)`,
              );
            return;
          }
          if (opts.json || format === 'json') {
            printJson(ctx, { ...r, from: toIso(r.from), to: toIso(r.to) });
            return;
          }
          const out: string[] = [];
          if ('points' in r) {
            out.push(`${r.series} [${r.unit}]: ${r.points.length} points`);
            for (const p of r.points)
              out.push(`${iso(p.ts)}  ${p.value}${p.quality ? `  (${flagNames(p.quality)})` : ''}`);
          } else {
            out.push(
              `${r.series} [${r.unit}]: ${r.buckets.length} buckets of ${opts.bucket}${r.calendar ? ` in ${r.calendar.tz}` : ''} (from ${r.source})`,
            );
            out.push('bucket                    min         max         avg         count  last');
            for (const b of r.buckets)
              out.push(
                `${iso(b.ts)}  ${String(b.min).padEnd(10)}  ${String(b.max).padEnd(10)}  ${b.avg.toPrecision(6).padEnd(10)}  ${String(b.count).padEnd(5)}  ${b.last}`,
              );
          }
          ctx.stdout(out.join('\n'));
        } finally {
          await store.close();
        }
      }),
    );
};
