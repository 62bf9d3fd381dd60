/** `xinzhi users create <username>`: a new user; the password is prompted for (or read from stdin or a file). */
import type { Command } from '@commander-js/extra-typings';
import { ROLES, type Role, XinzhiError } from '../../../core/index.js';
import { createUser, publicUser } from '../../../server/index.js';
import { cliActor } from '../../cli-actor.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';
import { readPassword } from './shared.js';

export function registerCreate(users: Command, ctx: CliContext): void {
  withDbAndJson(
    users
      .command('create <username>')
      .description('create a user; the password is prompted for (or read from stdin), never an argument')
      .requiredOption('--role <role>', `one of ${ROLES.filter((r) => r !== 'device').join(', ')}`)
      .option('--org <org>', 'organisation (default: default)')
      .option(
        '--site <site>',
        'limit to a site (repeat for several)',
        (v: string, acc: string[]) => [...acc, v],
        [],
      )
      .option('--password-file <path>', 'read the password from the first line of this file'),
  ).action(
    action(ctx, async (username, opts) => {
      if (!(ROLES as readonly string[]).includes(opts.role))
        throw new XinzhiError('BAD_INPUT', `role must be one of ${ROLES.join(', ')}, not '${opts.role}'`, {
          field: '--role',
        });
      const password = await readPassword(opts);
      const u = await withStore(opts, async (store) => {
        const now = Date.now();
        const user = await createUser(
          { store },
          {
            username,
            password,
            role: opts.role as Role,
            ...(opts.org === undefined ? {} : { org: opts.org }),
            sites: opts.site.length > 0 ? opts.site : null,
          },
          now,
        );
        await store.appendAudit({
          ...cliActor(),
          org: user.org,
          ts: now,
          action: 'user.create',
          target: String(user.id),
          after: publicUser(user),
        });
        return user;
      });
      if (opts.json) printJson(ctx, publicUser(u));
      else ctx.stdout(`created user ${u.id} '${u.username}' (${u.role}, organisation ${u.org})`);
    }),
  );
}
