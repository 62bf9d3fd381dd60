/**
 * `xinzhi loops`: live control loops. A loop runs inside the server process: its PV, output,
 * integral state and mode exist only there, and the server reads its saved configuration once at
 * start. Changing the database from another process would neither reach the running loop nor
 * survive its next save, so this command talks to the running server's API
 * (`/api/v1/control/loops`) with `--url` and an API key (`--key` or `$XINZHI_API_KEY`), and every
 * change is audited there under that key, like a change from the dashboard. One file per subcommand.
 */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerList } from './list.js';
import { registerSet } from './set.js';
import { registerShow } from './show.js';

/** Adds `loops` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const cmd = new Command('loops').description(
    'live control loops of a running server (over its HTTP API: --url, --key or $XINZHI_API_KEY)',
  );
  registerList(cmd, ctx);
  registerShow(cmd, ctx);
  registerSet(cmd, ctx);
  program.addCommand(cmd);
};
