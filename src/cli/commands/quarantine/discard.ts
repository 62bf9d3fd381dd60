/** `xinzhi quarantine discard [id]`: discard one row or every open row of an import or series. */

import type { Command } from '@commander-js/extra-typings';
import { discardAll, discardQuarantine } from '../../../ingest/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';
import { bulkSummary, target } from './shared.js';

export function registerDiscard(cmd: Command, ctx: CliContext): void {
  withDbAndJson(
    cmd
      .command('discard [id]')
      .description(
        'mark a row discarded (kept for the record); with --import/--series every open row of them',
      )
      .option('--import <n>', 'every open row of this import')
      .option('--series <id>', 'every open row of this series'),
  ).action(
    action(ctx, async (id, opts) => {
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
}
