import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { register as agri } from './agri.js';
import { register as control } from './control.js';
import { register as demo } from './demo.js';
import { register as importCmd } from './import.js';
import { register as keys } from './keys.js';
import { register as quality } from './quality.js';
import { register as quarantine } from './quarantine.js';
import { register as query } from './query.js';
import { register as rul } from './rul.js';
import { register as runs } from './runs.js';
import { register as series } from './series.js';
import { register as serve } from './serve.js';

/** A CLI command module: adds its (sub)command to the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** Every command of `xinzhi`, one module each; add new ones here. */
export const commands: readonly RegisterCommand[] = [
  serve,
  keys,
  importCmd,
  query,
  quality,
  quarantine,
  series,
  agri,
  control,
  demo,
  rul,
  runs,
];
