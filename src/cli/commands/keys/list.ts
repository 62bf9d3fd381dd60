/** `xinzhi keys list`: every key with its role and scope, never a secret. */
import type { Command } from '@commander-js/extra-typings';
import { publicKey } from '../../../server/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';
import { scopeText, when } from './shared.js';

export function registerList(keys: Command, ctx: CliContext): void {
  keys
    .command('list')
    .description('list keys (never their secrets)')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        const list = (await withStore(opts, (s) => s.listApiKeys())).map(publicKey);
        if (opts.json) printJson(ctx, { keys: list });
        else if (list.length === 0) ctx.stdout('no keys (the server runs open on loopback until one exists)');
        else
          for (const k of list)
            ctx.stdout(
              `${String(k.id).padStart(4)}  ${k.role.padEnd(8)}  ${k.name.padEnd(24)}  ${scopeText(k).padEnd(24)}  created ${when(k.createdAt)}${k.revokedAt === null ? '' : `  REVOKED ${when(k.revokedAt)}`}`,
            );
      }),
    );
}
