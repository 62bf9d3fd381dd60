/** `xinzhi runs models`: registered models, their versions and the one in production. */
import type { Command } from '@commander-js/extra-typings';
import { listRegisteredModels } from '../../../analytics/runs/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';

export function registerModels(runs: Command, ctx: CliContext): void {
  runs
    .command('models')
    .description('registered models, their versions and the one in production')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        const models = await withStore(opts, (s) => listRegisteredModels(s));
        if (opts.json) printJson(ctx, { models });
        else
          for (const m of models)
            ctx.stdout(`${m.name}: ${m.versions.length} version(s), production v${m.production ?? '-'}`);
      }),
    );
}
