/** `xinzhi runs promote <model> <version>`: put a version in production. */
import type { Command } from '@commander-js/extra-typings';
import { promoteModel } from '../../../analytics/runs/index.js';
import { XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';

export function registerPromote(runs: Command, ctx: CliContext): void {
  runs
    .command('promote <model> <version>')
    .description('put a version in production')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (model, version, opts) => {
        const n = Number(version);
        if (!Number.isInteger(n) || n < 1)
          throw new XinzhiError('BAD_INPUT', `version must be a positive integer, got '${version}'`, {
            field: 'version',
          });
        const m = await withStore(opts, (s) => promoteModel(s, model, n));
        if (opts.json) printJson(ctx, m);
        else ctx.stdout(`${model}: v${m.production} in production`);
      }),
    );
}
