/** `xinzhi quarantine show <id>`: one row with its verbatim input and every reason. */

import type { Command } from '@commander-js/extra-typings';
import { toIso, XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';
import { intArg } from './shared.js';

export function registerShow(cmd: Command, ctx: CliContext): void {
  withDbAndJson(
    cmd.command('show <id>').description('one row with its verbatim input and every reason'),
  ).action(
    action(ctx, async (id, opts) => {
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
}
