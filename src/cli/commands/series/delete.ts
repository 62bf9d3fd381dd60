/** `xinzhi series delete <id> --yes`: delete a series with its points, rollups and alarm rules. */
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { deleteSeries, requireSeries } from '../../../domains/series/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';

export function registerDelete(cmd: Command, ctx: CliContext): void {
  cmd
    .command('delete <id>')
    .description('delete a series with its points, rollups and alarm rules (asks for --yes)')
    .option('--yes', 'really delete: there is no undo')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id, opts) => {
        const r = await withExistingStore(opts, async (s) => {
          await requireSeries(s, id);
          if (opts.yes !== true) {
            const { count } = await s.pointStats(id);
            throw new XinzhiError(
              'BAD_INPUT',
              `deleting ${id} removes its ${count} stored points and their rollups for good; run again with --yes`,
              { field: '--yes', context: { points: count } },
            );
          }
          return deleteSeries(s, id);
        });
        if (opts.json) printJson(ctx, { deleted: id, points: r.points });
        else ctx.stdout(`deleted ${id} and its ${r.points} points`);
      }),
    );
}
