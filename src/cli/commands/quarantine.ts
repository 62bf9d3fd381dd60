import { Command } from 'commander';
import { createLogger, systemClock, toIso, XinzhiError } from '../../core/index.js';
import {
  createIngestPipeline,
  discardQuarantine,
  listQuarantine,
  resubmitQuarantine,
} from '../../ingest/index.js';
import type { QuarantineRow } from '../../store/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { withExistingStore } from '../open-store.js';
import type { RegisterCommand } from './index.js';

interface Common {
  db?: string;
  json?: boolean;
}

const intArg = (v: string | undefined, field: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new XinzhiError('BAD_INPUT', `${field} must be a whole number, not "${v}"`, { field });
  return n;
};

const describe = (q: QuarantineRow): string =>
  `#${q.id}  ${q.location}  ${q.seriesId ?? '-'}  ${q.reasons.map((r) => r.message).join('; ')}`;

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  const cmd = new Command('quarantine').description(
    'rejected input: list, show, fix and resubmit, or discard',
  );
  const common = (c: Command): Command =>
    c
      .option('--db <path>', 'database file (default ./xinzhi.db or $XINZHI_DB)')
      .option('--json', 'print one JSON object');

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
        const rows = await withExistingStore(opts, (s) =>
          listQuarantine(s, {
            status: opts.status as QuarantineRow['status'],
            limit: intArg(opts.limit, '--limit') ?? 100,
            offset: intArg(opts.offset, '--offset') ?? 0,
            ...(importId === undefined ? {} : { importId }),
            ...(opts.series === undefined ? {} : { seriesId: opts.series }),
          }),
        );
        if (opts.json) printJson(ctx, { rows });
        else ctx.stdout(rows.length === 0 ? 'quarantine is empty' : rows.map(describe).join('\n'));
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
      .command('resubmit <id>')
      .description('re-read the row (optionally fixed) and ingest it; it stays open if still invalid')
      .option('--raw <text>', 'corrected verbatim text (CSV line in the import layout, or a JSON reading)')
      .option('--series <id>', 'corrected series id')
      .option('--ts <time>', 'corrected time (ISO 8601 or epoch)')
      .option('--value <number>', 'corrected value')
      .option('--unit <unit>', 'corrected unit'),
  ).action(
    action(
      ctx,
      async (
        id: string,
        opts: Common & { raw?: string; series?: string; ts?: string; value?: string; unit?: string },
      ) => {
        const n = intArg(id, 'id')!;
        const r = await withExistingStore(opts, (store) => {
          const pipeline = createIngestPipeline({ store, clock: systemClock, logger: createLogger('warn') });
          return resubmitQuarantine(
            n,
            { raw: opts.raw, seriesId: opts.series, ts: opts.ts, value: opts.value, unit: opts.unit },
            { store, pipeline },
          );
        });
        if (opts.json) printJson(ctx, r);
        else
          ctx.stdout(
            `#${n} resubmitted: ${r.accepted} accepted, ${r.duplicates} duplicates (${r.series.join(', ')})`,
          );
      },
    ),
  );

  common(cmd.command('discard <id>').description('mark a row discarded (kept for the record)')).action(
    action(ctx, async (id: string, opts: Common) => {
      const n = intArg(id, 'id')!;
      await withExistingStore(opts, (s) => discardQuarantine(n, s));
      if (opts.json) printJson(ctx, { id: n, status: 'discarded' });
      else ctx.stdout(`#${n} discarded`);
    }),
  );
  program.addCommand(cmd);
};
