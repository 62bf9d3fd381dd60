/**
 * `xinzhi quarantine`: rejected input, row by row: list, show, fix and resubmit, or discard. One file
 * per subcommand.
 */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerDiscard } from './discard.js';
import { registerList } from './list.js';
import { registerResubmit } from './resubmit.js';
import { registerShow } from './show.js';

/** Adds `quarantine` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const cmd = new Command('quarantine').description(
    'rejected input: list, show, fix and resubmit, or discard',
  );
  registerList(cmd, ctx);
  registerShow(cmd, ctx);
  registerResubmit(cmd, ctx);
  registerDiscard(cmd, ctx);
  program.addCommand(cmd);
};
