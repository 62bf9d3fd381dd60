/**
 * `xinzhi users create|list|disable|enable|passwd` (one file per subcommand): people who sign in to the dashboard and API.
 * Passwords never come from argv (it shows in `ps` and shell history): they are prompted for
 * without echo on a terminal, read from the first line of stdin when piped, or read from
 * `--password-file <path>`. The CLI's changes are recorded in the audit log as the OS user.
 */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerCreate } from './create.js';
import { registerDisable } from './disable.js';
import { registerEnable } from './enable.js';
import { registerList } from './list.js';
import { registerPasswd } from './passwd.js';

export function usersCommand(ctx: CliContext): Command {
  const users = new Command('users').description(
    'people who sign in (password hashed with scrypt); roles viewer/operator/engineer/admin',
  );
  registerCreate(users, ctx);
  registerList(users, ctx);
  registerDisable(users, ctx);
  registerEnable(users, ctx);
  registerPasswd(users, ctx);
  return users;
}

/** Adds `users` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  program.addCommand(usersCommand(ctx));
};
