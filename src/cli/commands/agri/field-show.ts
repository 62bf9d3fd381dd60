/** `xinzhi agri field show`: a field asset's stored settings. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { dbOption, jsonOption } from '../../options.js';
import { withFarm } from './farm.js';

export function registerFieldShow(field: Command, ctx: CliContext): void {
  field
    .command('show')
    .requiredOption('--field <asset>', 'field asset id')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        const p = await withFarm(opts, (farm) => farm.params(opts.field));
        if (opts.json) return printJson(ctx, { field: opts.field, params: p });
        ctx.stdout(JSON.stringify(p, null, 2));
      }),
    );
}
