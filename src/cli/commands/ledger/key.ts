/**
 * `xinzhi ledger key`: print the log's verifier key (what partners pin for `ledger verify --log-key`).
 */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { storeOptions, withLedger } from './shared.js';

export function registerKey(parent: Command, ctx: CliContext): void {
  storeOptions(
    parent
      .command('key')
      .description("print the log's verifier key (what partners pin for `ledger verify --log-key`)"),
  )
    .addOption(jsonOption())
    .action(
      action(ctx, async (o) => {
        const k = await withLedger(o, async (l) => ({
          origin: l.logVerifier().name,
          verifier_key: l.logPublicKey(),
        }));
        if (o.json) printJson(ctx, k);
        else ctx.stdout(k.verifier_key);
      }),
    );
}
