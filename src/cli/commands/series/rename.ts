/** `xinzhi series rename <id> <new-id>`: give a series a new id; everything of it follows. */
import type { Command } from '@commander-js/extra-typings';
import { renameSeries } from '../../../domains/series/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';

export function registerRename(cmd: Command, ctx: CliContext): void {
  cmd
    .command('rename <id> <new-id>')
    .description(
      'give a series a new id; its points, rollups, counters, quarantine rows and alarm rules follow',
    )
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id, newId, opts) => {
        const renamed = await withExistingStore(opts, (s) => renameSeries(s, id, newId));
        if (opts.json) printJson(ctx, { from: id, series: renamed });
        else ctx.stdout(`renamed ${id} to ${renamed.id}`);
      }),
    );
}
