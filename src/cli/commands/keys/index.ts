/**
 * `xinzhi keys create|list|revoke`: API keys for the HTTP API and MQTT. One file per subcommand.
 */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerCreate } from './create.js';
import { registerList } from './list.js';
import { registerRevoke } from './revoke.js';

/** Adds `keys` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const cmd = new Command('keys').description(
    'API keys for the HTTP API and MQTT (Bearer tokens, roles admin/operator/viewer)',
  );
  registerCreate(cmd, ctx);
  registerList(cmd, ctx);
  registerRevoke(cmd, ctx);
  program.addCommand(cmd);
};
