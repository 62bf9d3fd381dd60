import { Command } from '@commander-js/extra-typings';
import { DEFAULT_ORG, ROLES, type Role, SYSTEM_PRINCIPAL, XinzhiError } from '../../core/index.js';
import { createApiKey, grantKeyScope, publicKey } from '../../server/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { withStore } from '../open-store.js';
import { dbOption, jsonOption } from '../options.js';

const collect = (v: string, all: string[]): string[] => [...all, v];

const scopeText = (k: { org: string; sites: readonly string[] | null; asset: string | null }): string =>
  k.asset !== null
    ? `${k.org}: ${k.asset}`
    : k.sites === null
      ? `${k.org}: all sites`
      : `${k.org}: ${k.sites.join(', ')}`;

const when = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString());

export function keysCommand(ctx: CliContext): Command {
  const keys = new Command('keys').description(
    'API keys for the HTTP API and MQTT (Bearer tokens, roles admin/operator/viewer)',
  );
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
  return keys;
}

/** Registers the command (typed as `RegisterCommand`; not imported from index.ts to avoid an import cycle). */
export const register = (program: Command, ctx: CliContext): void => {
  program.addCommand(keysCommand(ctx));
};
