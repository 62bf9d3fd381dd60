/** `xinzhi runs register <model> <runId>`: add the model of a finished run as the next version. */
import type { Command } from '@commander-js/extra-typings';
import { registerModel } from '../../../analytics/runs/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';

export function registerRegister(runs: Command, ctx: CliContext): void {
  runs
    .command('register <model> <runId>')
    .description('add the model of a finished run as the next version')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (model, runId, opts) => {
        const v = await withStore(opts, (s) => registerModel(s, model, runId));
        if (opts.json) printJson(ctx, v);
        else ctx.stdout(`${model} v${v.version} ← ${runId}`);
      }),
    );
}
