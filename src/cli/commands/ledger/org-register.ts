/** `xinzhi ledger org register`: register a partner's public key (it signs elsewhere). */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext } from '../../context.js';
import { jsonOption } from '../../options.js';
import { show, storeOptions, withLedger } from './shared.js';

export function registerOrgRegister(parent: Command, ctx: CliContext): void {
  storeOptions(
    parent
      .command('register <name> <verifierKey>')
      .description("register a partner's public key (it signs elsewhere)"),
  )
    .addOption(jsonOption())
    .action(
      action(ctx, async (name, key, o) => {
        const info = await withLedger(o, (l) => l.registerOrg(name, key));
        show(ctx, info, !!o.json, `${info.name} ${info.id}\n${info.public_key}`);
      }),
    );
}
