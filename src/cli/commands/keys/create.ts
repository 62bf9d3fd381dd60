/** `xinzhi keys create`: a new API key; its secret is printed once and only its SHA-256 is stored. */
import type { Command } from '@commander-js/extra-typings';
import { DEFAULT_ORG, ROLES, type Role, SYSTEM_PRINCIPAL, XinzhiError } from '../../../core/index.js';
import { createApiKey, grantKeyScope, publicKey } from '../../../server/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { collect, dbOption, jsonOption } from '../../options.js';
import { scopeText } from './shared.js';

export function registerCreate(keys: Command, ctx: CliContext): void {
  keys
    .command('create')
    .description('create a key; its secret is printed once and only its SHA-256 is stored')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'what the key is for', 'unnamed')
    .option('--org <org>', `organisation the key acts in (default ${DEFAULT_ORG})`)
    .option('--site <site>', 'limit the key to this site of the organisation (repeatable)', collect, [])
    .option('--asset <path>', 'device keys: the asset path it speaks for, e.g. plant1/press/line1')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        if (!(ROLES as readonly string[]).includes(opts.role))
          throw new XinzhiError('BAD_INPUT', `role must be one of ${ROLES.join(', ')}, not '${opts.role}'`, {
            field: '--role',
          });
        const role = opts.role as Role;
        if ((role === 'device') !== (opts.asset !== undefined))
          throw new XinzhiError('BAD_INPUT', 'a device key needs --asset, and only a device key takes one', {
            field: '--asset',
          });
        const { record, secret } = await withStore(opts, async (s) => {
          const sites = new Map((await s.listSites()).map((x) => [x.id, x.org]));
          const granted = grantKeyScope(
            SYSTEM_PRINCIPAL,
            {
              role,
              org: opts.org ?? DEFAULT_ORG,
              sites: opts.site.length > 0 ? opts.site : null,
              asset: opts.asset ?? null,
            },
            (site) => sites.get(site) ?? DEFAULT_ORG,
          );
          return createApiKey(s, { name: opts.name, role, ...granted }, Date.now());
        });
        if (opts.json) printJson(ctx, { ...publicKey(record), secret });
        else
          ctx.stdout(
            `created key ${record.id} (${record.role}, '${record.name}', ${scopeText(record)}). Its secret, shown only now:\n\n  ${secret}\n\n` +
              `Use it as 'Authorization: Bearer ${secret.slice(0, 6)}…' over HTTP, or as the MQTT password.`,
          );
      }),
    );
}
