/**
 * `xinzhi jobs …`: the shared job queue's records, read from the store like the server's nodes
 * read them (with `--db postgres://…`, every node's jobs).
 *
 *   xinzhi jobs list [--state running] [--kind import] [--org acme] --json
 *   xinzhi jobs show <id> --json          xinzhi jobs cancel <id>
 *
 * Jobs are queued over the API (`POST /api/v1/jobs`); the CLI runs as the operator of the
 * installation and sees every organisation's jobs. One file per subcommand.
 */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerCancel } from './cancel.js';
import { registerList } from './list.js';
import { registerShow } from './show.js';

/** Adds `jobs` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const cmd = new Command('jobs').description('jobs queued over the API: state, progress, result, cancel');
  registerList(cmd, ctx);
  registerShow(cmd, ctx);
  registerCancel(cmd, ctx);
  program.addCommand(cmd);
};
