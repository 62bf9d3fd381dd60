/** `xinzhi ledger org rotate`: retire the current key and make a new one. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext } from '../../context.js';
import { jsonOption } from '../../options.js';
import { show, storeOptions, withLedger } from './shared.js';

export function registerOrgRotate(parent: Command, ctx: CliContext): void {
  storeOptions(parent.command('rotate <name>').description('retire the current key and make a new one'))
    .addOption(jsonOption())
    .action(
      action(ctx, async (name, o) => {
        const info = await withLedger(o, (l) => l.rotateOrgKey(name));
        show(ctx, info, !!o.json, `${info.name} now signs with ${info.public_key}`);
      }),
    );
}
