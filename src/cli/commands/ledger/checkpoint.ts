/** `xinzhi ledger checkpoint`: sign (if the log grew) and print the current checkpoint. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { storeOptions, withLedger } from './shared.js';

export function registerCheckpoint(parent: Command, ctx: CliContext): void {
  storeOptions(
    parent.command('checkpoint').description('sign (if the log grew) and print the current checkpoint'),
  )
    .addOption(jsonOption())
    .action(
      action(ctx, async (o) => {
        const cp = await withLedger(o, (l) => l.checkpoint());
        if (o.json) printJson(ctx, cp);
        else process.stdout.write(cp.note);
      }),
    );
}
