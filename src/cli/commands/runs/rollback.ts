/** `xinzhi runs rollback <model>`: restore the previous production version. */
import type { Command } from '@commander-js/extra-typings';
import { rollbackModel } from '../../../analytics/runs/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';

export function registerRollback(runs: Command, ctx: CliContext): void {
  runs
    .command('rollback <model>')
    .description('restore the previous production version')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (model, opts) => {
        const m = await withStore(opts, (s) => rollbackModel(s, model));
        if (opts.json) printJson(ctx, m);
        else ctx.stdout(`${model}: rolled back to v${m.production}`);
      }),
    );
}
