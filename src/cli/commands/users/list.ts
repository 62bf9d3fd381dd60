/** `xinzhi users list`: every user, never their password hashes. */
import type { Command } from '@commander-js/extra-typings';
import { publicUser } from '../../../server/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';
import { when } from './shared.js';

export function registerList(users: Command, ctx: CliContext): void {
  withDbAndJson(users.command('list').description('list users (never their password hashes)')).action(
    action(ctx, async (opts) => {
      const list = (await withStore(opts, (s) => s.listUsers())).map(publicUser);
      if (opts.json) printJson(ctx, { users: list });
      else if (list.length === 0) ctx.stdout('no users');
      else
        for (const u of list)
          ctx.stdout(
            `${String(u.id).padStart(4)}  ${u.username.padEnd(24)}  ${u.role.padEnd(8)}  ${u.org}${u.sites ? ` [${u.sites.join(', ')}]` : ''}  created ${when(u.createdAt)}${u.disabledAt === null ? '' : `  DISABLED ${when(u.disabledAt)}`}`,
          );
    }),
  );
}
