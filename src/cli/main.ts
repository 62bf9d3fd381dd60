#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { commands } from './commands/index.js';
import { type CliContext, processContext } from './context.js';

export const VERSION = '0.1.0';

/** Builds the `xinzhi` program; tests call it with their own context and argv. */
export function buildProgram(ctx: CliContext = processContext): Command {
  const program = new Command('xinzhi')
    .description('xinzhi (新质): collect, clean, store, learn, decide, control and prove industrial data')
    .version(VERSION)
    .showHelpAfterError();
  for (const register of commands) register(program, ctx);
  return program;
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  await buildProgram().parseAsync([...argv]);
}

const invokedDirectly = ((): boolean => {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(arg) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
})();
if (invokedDirectly) await main();
