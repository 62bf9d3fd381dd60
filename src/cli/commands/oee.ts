/**
 * `xinzhi oee`: OEE after ISO 22400 (availability × performance × quality) of every line and
 * machine under an asset, from the stored state and counter series: the same report as
 * `GET /api/v1/oee` (domains/manufacturing `oeeReport`), computed on the database directly.
 */
import type { Command } from '@commander-js/extra-typings';
import { parseDuration, parseTime, systemClock, toIso, XinzhiError } from '../../core/index.js';
import { manufacturing } from '../../domains/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { withExistingStore } from '../open-store.js';
import { dbOption, jsonOption } from '../options.js';
import type { RegisterCommand } from './types.js';

interface OeeOpts {
  asset?: string;
  from?: string;
  to?: string;
  window: string;
  day?: string;
  db?: string;
  json?: boolean;
}

const DAY = 86_400_000;

function time(v: string, flag: string): number {
  const t = parseTime(v);
  if (t === undefined)
    throw new XinzhiError('BAD_INPUT', `${flag} must be ISO 8601 or epoch ms, not "${v}"`, { field: flag });
  return t;
}

/** The window from the flags: `--day`, or `--from`/`--to`, or the last `--window` (8 h) to now. */
export function oeeWindow(o: OeeOpts, now: number): { from: number; to: number } {
  if (o.day !== undefined) {
    if (o.from !== undefined || o.to !== undefined)
      throw new XinzhiError('BAD_INPUT', '--day is a whole day: give it or --from/--to, not both', {
        field: '--day',
      });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(o.day))
      throw new XinzhiError('BAD_INPUT', `--day must be a date like 2024-06-01, not "${o.day}"`, {
        field: '--day',
      });
    const from = Date.parse(`${o.day}T00:00:00Z`);
    if (!Number.isFinite(from))
      throw new XinzhiError('BAD_INPUT', `--day ${o.day} is not a calendar date`, { field: '--day' });
    return { from, to: Math.min(from + DAY, Math.max(now, from + 1)) };
  }
  const windowMs = parseDuration(o.window);
  if (windowMs === undefined || windowMs <= 0)
    throw new XinzhiError('BAD_INPUT', `--window must be a duration like 8h or 1d, not "${o.window}"`, {
      field: '--window',
    });
  const to = o.to === undefined ? now : time(o.to, '--to');
  const from = o.from === undefined ? to - windowMs : time(o.from, '--from');
  if (from >= to) throw new XinzhiError('BAD_INPUT', '--from must be before --to', { field: '--from' });
  return { from, to };
}

const pct = (v: number | null): string => (v === null ? '   —  ' : `${(v * 100).toFixed(1).padStart(5)}%`);
const hours = (ms: number): string => `${(ms / 3_600_000).toFixed(2)} h`;

function row(name: string, f: manufacturing.OeeFigures): string {
  return (
    `${name.padEnd(28)} ${pct(f.availability)} ${pct(f.effectiveness)} ${pct(f.quality)} ${pct(f.oee)}` +
    `   ${String(f.pq).padStart(7)} ${String(f.gq).padStart(7)}   ${hours(f.apt)} of ${hours(f.pbt)}`
  );
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('oee')
    .description('OEE (ISO 22400) of lines and machines: availability × performance × quality')
    .option('--asset <id>', 'a site, area, line or machine (default: every line)')
    .option('--from <time>', 'window start (ISO 8601 or epoch ms); default --to minus --window')
    .option('--to <time>', 'window end; default now')
    .option('--window <duration>', 'window length when --from is not given (a shift: 8h)', '8h')
    .option('--day <date>', 'one whole UTC day, e.g. 2024-06-01 (until now for today)')
    .addOption(dbOption())
    .addOption(jsonOption('print one JSON object (the API report: elements in ms and parts)'))
    .action(
      action(ctx, async (o) => {
        const { from, to } = oeeWindow(o, systemClock.now());
        const report = await withExistingStore(o, (store) =>
          manufacturing.oeeReport(store, { root: o.asset, from, to }),
        );
        if (o.json) {
          printJson(ctx, report);
          return;
        }
        if (report.lines.length === 0) {
          throw new XinzhiError(
            'NOT_FOUND',
            `no machine with OEE data under ${o.asset ?? 'any line'}: a machine needs an ideal cycle time attribute (idealCycleTimeS) and state + parts_total series`,
            { field: '--asset' },
          );
        }
        const out = [
          `OEE ${toIso(from)} – ${toIso(to)} (ISO 22400: availability = APT/PBT, performance = ideal cycle time × produced / APT, quality = good/produced)`,
          `${''.padEnd(28)} avail.  perf.   quality OEE      produced    good   run of planned time`,
        ];
        for (const line of report.lines) {
          if (line.group) out.push(row(`${line.name} (line)`, line.group));
          else out.push(`${line.name} (line)`);
          for (const m of line.machines) out.push(row(`  ${m.name}`, m));
        }
        ctx.stdout(out.join('\n'));
      }),
    );
};
