import type { Command } from 'commander';
import { QUALITY, resolveTimeZone, toIso, toIsoInZone, XinzhiError } from '../../core/index.js';
import { querySeries } from '../../ingest/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { openExistingStore } from '../open-store.js';
import type { RegisterCommand } from './index.js';

interface QueryOpts {
  series: string;
  from?: string;
  to?: string;
  bucket?: string;
  limit?: string;
  db?: string;
  tz?: string;
  json?: boolean;
}

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
    .requiredOption('--series <id>', 'series id, e.g. plant1/press3/temp')
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
    .option('--limit <n>', 'maximum raw points', '10000')
    .option('--db <path>', 'database file (default ./xinzhi.db or $XINZHI_DB)')
    .option('--json', 'print one JSON object')
    .action(
      action(ctx, async (opts: QueryOpts) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new XinzhiError('BAD_INPUT', '--limit must be a positive integer', { field: '--limit' });
        // Checked before the database is opened: "--tz CST" is refused whatever the store holds.
        const zone = opts.tz === undefined ? undefined : resolveTimeZone(opts.tz, '--tz');
        const iso = (ms: number): string => (zone ? toIsoInZone(ms, zone) : toIso(ms));
        const store = await openExistingStore({ db: opts.db });
        try {
          const r = await querySeries(store, {
            seriesId: opts.series,
            from: opts.from,
            to: opts.to,
            bucket: opts.bucket,
            limit,
            tz: zone?.name,
          });
          if (opts.json) {
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
