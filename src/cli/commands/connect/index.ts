/**
 * `xinzhi connect opcua|modbus|sparkplug …`: test a connection, browse, and take data for a while
 * through the cleaning pipeline into `--db`, without a server. Each subcommand prints a summary
 * (`--json`: one object) with what was stored, quarantined and what went wrong. One file per
 * subcommand.
 */
import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerModbus } from './modbus.js';
import { registerOpcua } from './opcua.js';
import { registerSparkplug } from './sparkplug.js';

/** Adds `connect` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const connect = program
    .command('connect')
    .description(
      'test a connection to machines (OPC UA, Modbus TCP, Sparkplug B), browse, and take data into --db',
    );
  registerOpcua(connect, ctx);
  registerModbus(connect, ctx);
  registerSparkplug(connect, ctx);
};
