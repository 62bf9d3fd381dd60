/** `xinzhi ledger org list`: list organisations and keys. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext } from '../../context.js';
import { jsonOption } from '../../options.js';
import { show, storeOptions, withLedger } from './shared.js';

export function registerOrgList(parent: Command, ctx: CliContext): void {
  storeOptions(parent.command('list').description('list organisations and keys'))
    .addOption(jsonOption())
    .action(
      action(ctx, async (o) => {
        const list = await withLedger(o, (l) => l.listOrgs());
        show(
          ctx,
          list,
          !!o.json,
          list.map((i) => `${i.name}\t${i.id}\t${i.public_key}`).join('\n') || '(no organisations)',
        );
      }),
    );
}
