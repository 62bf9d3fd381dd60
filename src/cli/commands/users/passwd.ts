/** `xinzhi users passwd <username>`: a new password (prompted, from stdin or a file); sessions end. */
import type { Command } from '@commander-js/extra-typings';
import { resetPassword } from '../../../server/index.js';
import type { CliContext } from '../../context.js';
import { withDbAndJson } from '../../options.js';
import { changeUser, readPassword } from './shared.js';

export function registerPasswd(users: Command, ctx: CliContext): void {
  withDbAndJson(
    users
      .command('passwd <username>')
      .description("set a user's password (prompted, or from stdin); the user's sessions end"),
  )
    .option('--password-file <path>', 'read the password from the first line of this file')
    .action(
      changeUser(ctx, 'passwd', async (store, u, opts) =>
        resetPassword({ store }, u.id, await readPassword(opts), Date.now()),
      ),
    );
}
