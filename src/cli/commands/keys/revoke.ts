/** `xinzhi keys revoke <id>`: a revoked key is refused from then on. */
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { publicKey } from '../../../server/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';

export function registerRevoke(keys: Command, ctx: CliContext): void {
  keys
    .command('revoke <id>')
    .description('revoke a key; requests with it fail from now on')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (idText, opts) => {
        const id = Number(idText);
        if (!Number.isInteger(id) || id <= 0)
          throw new XinzhiError('BAD_INPUT', `'${idText}' is not a key id`, { field: 'id' });
        const rec = await withStore(opts, async (s) => {
          const k = (await s.listApiKeys()).find((x) => x.id === id);
          if (!k) throw new XinzhiError('NOT_FOUND', `no API key ${id}`, { field: 'id' });
          if (k.revokedAt === null) await s.revokeApiKey(id);
          return (await s.listApiKeys()).find((x) => x.id === id) ?? k;
        });
        if (opts.json) printJson(ctx, publicKey(rec));
        else ctx.stdout(`revoked key ${rec.id} (${rec.role}, '${rec.name}')`);
      }),
    );
}
