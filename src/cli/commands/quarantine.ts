import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { createLogger, systemClock, toIso, XinzhiError } from '../../core/index.js';
import {
  type BulkFilter,
  type BulkResult,
  createIngestPipeline,
  discardAll,
  discardQuarantine,
  listQuarantine,
  resubmitAll,
  resubmitQuarantine,
} from '../../ingest/index.js';
import type { QuarantineRow, Store } from '../../store/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { withExistingStore } from '../open-store.js';
import { dbOption, jsonOption, numberFlag } from '../options.js';
import type { RegisterCommand } from './index.js';

interface Common {
  db?: string;
  json?: boolean;
}

const intArg = (v: string | undefined, flag: string): number | undefined =>
  numberFlag(flag, v, { integer: true, min: 0 });

/** `<id>` or `--import`/`--series` (bulk), never both and never neither. */
function target(
  id: string | undefined,
  opts: { import?: string | undefined; series?: string | undefined },
): number | BulkFilter {
  const importId = intArg(opts.import, '--import');
  const bulk = importId !== undefined || opts.series !== undefined;
  if (id !== undefined && bulk)
    throw new XinzhiError('BAD_INPUT', 'give a row id or --import/--series, not both', { field: 'id' });
  if (id === undefined && !bulk)
    throw new XinzhiError(
      'BAD_INPUT',
      'give a row id, or --import <n> and/or --series <id> for every open row',
      {
        field: 'id',
      },
    );
  if (id !== undefined) return intArg(id, 'id')!;
  return {
    ...(importId === undefined ? {} : { importId }),
    ...(opts.series === undefined ? {} : { seriesId: opts.series }),
  };
}

const scopeText = (f: BulkFilter): string =>
  [
    f.importId === undefined ? '' : `import ${f.importId}`,
    f.seriesId === undefined ? '' : `series ${f.seriesId}`,
  ]
    .filter(Boolean)
    .join(', ');

function bulkSummary(f: BulkFilter, r: BulkResult): string {
  if (r.matched === 0) return `no open rows for ${scopeText(f)}`;
  const head =
    r.discarded > 0
      ? `${r.discarded} rows discarded (${scopeText(f)})`
      : `${r.matched} open rows (${scopeText(f)}): ${r.resubmitted} resubmitted (${r.accepted} points accepted), ${r.stillInvalid} still invalid (kept open)`;
  const shown = r.failures.slice(0, 10).map((x) => `  #${x.id} ${x.location}: ${x.message}`);
  const more =
    r.failures.length > 10 ? [`  … and ${r.failures.length - 10} more (xinzhi quarantine list)`] : [];
  return [head, ...shown, ...more].join('\n');
}

const progressBar = (json: boolean | undefined): SingleBar | undefined =>
  process.stderr.isTTY === true && json !== true
    ? new SingleBar(
        { format: 'resubmitting [{bar}] {value}/{total} rows', hideCursor: true },
        Presets.shades_classic,
      )
    : undefined;

const pipelineOf = (store: Store) =>
  createIngestPipeline({ store, clock: systemClock, logger: createLogger('warn') });

const describe = (q: QuarantineRow): string =>
  `#${q.id}  ${q.location}  ${q.seriesId ?? '-'}  ${q.reasons.map((r) => r.message).join('; ')}`;

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  const cmd = new Command('quarantine').description(
    'rejected input: list, show, fix and resubmit, or discard',
  );
  const common = (c: Command): Command => c.addOption(dbOption()).addOption(jsonOption());

  common(
    cmd
      .command('list')
      .description('list quarantined rows (open ones by default)')
      .option('--import <id>', 'rows of one import')
      .option('--series <id>', 'rows of one series')
      .option('--status <status>', 'open | resubmitted | discarded', 'open')
      .option('--limit <n>', 'at most this many', '100')
      .option('--offset <n>', 'skip this many', '0'),
  ).action(
    action(
      ctx,
      async (
        opts: Common & { import?: string; series?: string; status: string; limit: string; offset: string },
      ) => {
        if (!['open', 'resubmitted', 'discarded'].includes(opts.status))
          throw new XinzhiError('BAD_INPUT', '--status must be open, resubmitted or discarded', {
            field: '--status',
          });
        const importId = intArg(opts.import, '--import');
        const limit = intArg(opts.limit, '--limit') ?? 100;
        const offset = intArg(opts.offset, '--offset') ?? 0;
        const filter = {
          status: opts.status as QuarantineRow['status'],
          ...(importId === undefined ? {} : { importId }),
          ...(opts.series === undefined ? {} : { seriesId: opts.series }),
        };
        const { rows, total } = await withExistingStore(opts, async (s) => ({
          rows: await listQuarantine(s, { ...filter, limit, offset }),
          total: await s.countQuarantine(filter),
        }));
        if (opts.json) printJson(ctx, { total, offset, rows });
        else if (total === 0) ctx.stdout(`no ${opts.status} rows`);
        else
          ctx.stdout(
            [
              ...rows.map(describe),
              rows.length === total
                ? `${total} ${opts.status} rows`
                : `rows ${rows.length === 0 ? 'none' : `${offset + 1}–${offset + rows.length}`} of ${total} ${opts.status} rows (--offset/--limit for more)`,
            ].join('\n'),
          );
      },
    ),
  );

  common(cmd.command('show <id>').description('one row with its verbatim input and every reason')).action(
    action(ctx, async (id: string, opts: Common) => {
      const n = intArg(id, 'id')!;
      const row = await withExistingStore(opts, (s) => s.getQuarantine(n));
      if (!row) throw new XinzhiError('NOT_FOUND', `no quarantined row ${n}`, { field: 'id' });
      if (opts.json) printJson(ctx, row);
      else
        ctx.stdout(
          [
            `#${row.id} (${row.status}) from ${row.source} at ${row.location}, quarantined ${toIso(row.ts)}`,
            `import: ${row.importId ?? '-'}   series: ${row.seriesId ?? '-'}`,
            `raw:    ${row.raw}`,
            ...row.reasons.map((r) => `reason: [${r.code}] ${r.message}${r.where ? ` (${r.where})` : ''}`),
          ].join('\n'),
        );
    }),
  );

  common(
    cmd
      .command('resubmit [id]')
      .description(
        're-read a row (optionally fixed) and ingest it; it stays open if still invalid. With --import/--series: every open row as it is, with a total',
      )
      .option('--import <n>', 'every open row of this import')
      .option('--raw <text>', 'corrected verbatim text (CSV line in the import layout, or a JSON reading)')
      .option('--series <id>', 'with an id: corrected series id; without: every open row of this series')
      .option('--ts <time>', 'corrected time (ISO 8601 or epoch)')
      .option('--value <number>', 'corrected value')
      .option('--unit <unit>', 'corrected unit'),
  ).action(
    action(
      ctx,
      async (
        id: string | undefined,
        opts: Common & {
          import?: string;
          raw?: string;
          series?: string;
          ts?: string;
          value?: string;
          unit?: string;
        },
      ) => {
        // With a row id, --series is its correction; without one, it selects rows.
        const t = target(id, id === undefined ? opts : { import: opts.import });
        if (typeof t === 'number') {
          const r = await withExistingStore(opts, (store) =>
            resubmitQuarantine(
              t,
              { raw: opts.raw, seriesId: opts.series, ts: opts.ts, value: opts.value, unit: opts.unit },
              { store, pipeline: pipelineOf(store) },
            ),
          );
          if (opts.json) printJson(ctx, r);
          else
            ctx.stdout(
              `#${t} resubmitted: ${r.accepted} accepted, ${r.duplicates} duplicates (${r.series.join(', ')})`,
            );
          return;
        }
        const fixes = (['raw', 'ts', 'value', 'unit'] as const).filter((k) => opts[k] !== undefined);
        if (fixes.length > 0)
          throw new XinzhiError(
            'BAD_INPUT',
            `--${fixes[0]} fixes one row: give its id (bulk resubmits rows as they are)`,
            {
              field: `--${fixes[0]}`,
            },
          );
        const bar = progressBar(opts.json);
        const r = await withExistingStore(opts, (store) =>
          resubmitAll(t, { store, pipeline: pipelineOf(store) }, (done, total) => {
            if (done === 1) bar?.start(total, 0);
            bar?.update(done);
          }),
        ).finally(() => bar?.stop());
        if (opts.json) printJson(ctx, r);
        else ctx.stdout(bulkSummary(t, r));
      },
    ),
  );

  common(
    cmd
      .command('discard [id]')
      .description(
        'mark a row discarded (kept for the record); with --import/--series every open row of them',
      )
      .option('--import <n>', 'every open row of this import')
      .option('--series <id>', 'every open row of this series'),
  ).action(
    action(ctx, async (id: string | undefined, opts: Common & { import?: string; series?: string }) => {
      const t = target(id, opts);
      if (typeof t === 'number') {
        await withExistingStore(opts, (s) => discardQuarantine(t, s));
        if (opts.json) printJson(ctx, { id: t, status: 'discarded' });
        else ctx.stdout(`#${t} discarded`);
        return;
      }
      const r = await withExistingStore(opts, (s) => discardAll(t, s));
      if (opts.json) printJson(ctx, r);
      else ctx.stdout(bulkSummary(t, r));
    }),
  );
  program.addCommand(cmd);
};
