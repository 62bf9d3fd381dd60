/** `xinzhi ledger consistency`: RFC 9162 consistency proof between two tree sizes. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { storeOptions, withLedger } from './shared.js';

export function registerConsistency(parent: Command, ctx: CliContext): void {
  storeOptions(parent.command('consistency').description('RFC 9162 consistency proof between two tree sizes'))
    .requiredOption('--from <n>', 'older tree size', (v) => Number(v))
    .option('--to <n>', 'newer tree size (default: current)', (v) => Number(v))
    .addOption(jsonOption())
    .action(
      action(ctx, async (o) => {
        const out = await withLedger(o, async (l) => {
          const to = o.to ?? l.size;
          return {
            size1: o.from,
            size2: to,
            root1: (await l.rootAt(o.from)).toString('hex'),
            root2: (await l.rootAt(to)).toString('hex'),
            proof: await l.consistencyProof(o.from, to),
          };
        });
        if (o.json) printJson(ctx, out);
        else ctx.stdout(out.proof.join('\n'));
      }),
    );
}
