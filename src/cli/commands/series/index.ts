/**
 * `xinzhi series`: list, create, rename and delete series; set range limits, retention, interval
 * and unit. One file per subcommand.
 */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerCreate } from './create.js';
import { registerDelete } from './delete.js';
import { registerList } from './list.js';
import { registerRename } from './rename.js';
import { registerSet } from './set.js';

/** Adds `series` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const cmd = new Command('series').description(
    'list, create, rename and delete series; set range limits, retention, interval and unit',
  );
  registerList(cmd, ctx);
  registerSet(cmd, ctx);
  registerCreate(cmd, ctx);
  registerRename(cmd, ctx);
  registerDelete(cmd, ctx);
  program.addCommand(cmd);
};
