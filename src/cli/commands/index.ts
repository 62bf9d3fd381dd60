import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { register as ledger } from './ledger.js';
import { register as witness } from './witness.js';

/** A CLI command module: adds its (sub)command to the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** Every command of `xinzhi`, one module each; add new ones here. */
export const commands: readonly RegisterCommand[] = [ledger, witness];
