/** `xinzhi ledger prove`: print a proof bundle for one entry. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { storeOptions, withLedger } from './shared.js';

export function registerProve(parent: Command, ctx: CliContext): void {
  storeOptions(parent.command('prove').description('print a proof bundle for one entry'))
    .requiredOption('--index <n>', 'entry index', (v) => Number(v))
    .addOption(jsonOption('print JSON (the bundle is JSON either way)'))
    .action(
      action(ctx, async (o) => {
        printJson(ctx, await withLedger(o, (l) => l.prove(o.index)));
      }),
    );
}
