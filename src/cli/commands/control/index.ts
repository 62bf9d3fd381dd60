/**
 * `xinzhi control …`: PID tuning rules, identification from a step test, closed-loop simulation and a
 * relay auto-tune on a simulated plant. Every subcommand with `--json` prints one JSON document.
 *
 *   xinzhi control tune --process fopdt --gain 2 --tau 10 --dead-time 1 --rule simc --json
 *   xinzhi control identify step.csv --json            (CSV columns: t, u, y — see docs/control.md)
 *   xinzhi control simulate --process fopdt --gain 1 --tau 1 --dead-time 1 --kp 0.5 --ti 1 --json
 *   xinzhi control relay --process fopdt --gain 1 --tau 1 --dead-time 1 --json
 */
import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerIdentify } from './identify.js';
import { registerRelay } from './relay.js';
import { registerSimulate } from './simulate.js';
import { registerTune } from './tune.js';

/** Registers `xinzhi control` (a RegisterCommand; typed inline to keep commands/index.ts free of cycles). */
export const register = (program: Command, ctx: CliContext): void => {
  const control = program
    .command('control')
    .description('PID tuning, identification, simulation and relay auto-tune');
  registerTune(control, ctx);
  registerIdentify(control, ctx);
  registerSimulate(control, ctx);
  registerRelay(control, ctx);
};
