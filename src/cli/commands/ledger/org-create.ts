/** `xinzhi ledger org create`: create an organisation with a new Ed25519 key. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext } from '../../context.js';
import { jsonOption } from '../../options.js';
import { show, storeOptions, withLedger } from './shared.js';

export function registerOrgCreate(parent: Command, ctx: CliContext): void {
  storeOptions(parent.command('create <name>').description('create an organisation with a new Ed25519 key'))
    .addOption(jsonOption())
    .action(
      action(ctx, async (name, o) => {
        const info = await withLedger(o, (l) => l.createOrg(name));
        show(ctx, info, !!o.json, `${info.name} ${info.id}\n${info.public_key}`);
      }),
    );
}
