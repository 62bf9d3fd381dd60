import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../context.js';

/**
 * A CLI command module: adds its (sub)command to the program. Kept apart from `index.ts` so that
 * command modules importing the type do not form an import cycle with the list that imports them.
 */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;
