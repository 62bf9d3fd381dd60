/** `xinzhi collab delivery <input>`: shared delivery; route every coalition and split the saving. */
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { collaboration } from '../../../domains/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { lpSolve, printCase, readJsonFile } from './shared.js';

export function registerDelivery(collab: Command, ctx: CliContext): void {
  collab
    .command('delivery <input>')
    .description(
      'shared delivery: route each coalition of shippers jointly, split the saving (docs/collaboration.md)',
    )
    .option('--iterations <n>', 'routing iterations per coalition (default 800)')
    .option('--samples <n>', 'random orders for Shapley beyond 8 shippers (default 200)')
    .option('--lang <en|zh>', 'language of the sentences (default en)')
    .addOption(jsonOption('print JSON'))
    .action(
      action(ctx, async (file, o) => {
        const num = (v: string | undefined, field: string, max: number) => {
          if (v === undefined) return undefined;
          const x = Number(v);
          if (!Number.isInteger(x) || x < 1 || x > max)
            throw new XinzhiError('BAD_INPUT', `--${field} is a whole number from 1 to ${max}`, { field });
          return x;
        };
        const iterations = num(o.iterations, 'iterations', 100_000);
        const samples = num(o.samples, 'samples', 100_000);
        const r = await collaboration.sharedDelivery(readJsonFile(file, 'input'), await lpSolve(), {
          ...(iterations === undefined ? {} : { iterations }),
          ...(samples === undefined ? {} : { samples }),
        });
        if (o.json) return printJson(ctx, r);
        printCase(ctx, r, o.lang === 'zh' ? 'zh' : 'en');
      }),
    );
}
