/** `xinzhi quarantine list`: quarantined rows (open ones by default). */

import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { listQuarantine } from '../../../ingest/index.js';
import type { QuarantineRow } from '../../../store/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';
import { describe, intArg } from './shared.js';

export function registerList(cmd: Command, ctx: CliContext): void {
  withDbAndJson(
    cmd
      .command('list')
      .description('list quarantined rows (open ones by default)')
      .option('--import <id>', 'rows of one import')
      .option('--series <id>', 'rows of one series')
      .option('--status <status>', 'open | resubmitted | discarded', 'open')
      .option('--limit <n>', 'at most this many', '100')
      .option('--offset <n>', 'skip this many', '0'),
  ).action(
    action(ctx, async (opts) => {
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
    }),
  );
}
