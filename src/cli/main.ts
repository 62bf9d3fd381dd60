#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { EXIT_CODES, VERSION } from '../core/index.js';
import { commands } from './commands/index.js';
import { type CliContext, processContext } from './context.js';

/** Builds the `xinzhi` program; tests call it with their own context and argv. */
export function buildProgram(ctx: CliContext = processContext): Command {
  const program = new Command('xinzhi')
    .description('xinzhi (新质): collect, clean, store, learn, decide, control and prove industrial data')
    .version(VERSION)
    .showHelpAfterError()
    // Each command's options after its name belong to it, so a subcommand (`route plan`) keeps
    // its own --json / --time-limit instead of its parent taking them (xinzhi has no global flags).
    .enablePositionalOptions();
  for (const register of commands) register(program, ctx);
  return program;
}

const everyCommand = (c: CommandUnknownOpts): CommandUnknownOpts[] => [
  c,
  ...c.commands.flatMap((s) => everyCommand(s)),
];

/** The flag or argument a commander usage error is about, for the problem document's `field`. */
function usageField(e: CommanderError): string | null {
  const m = /(?:option|argument) '([^']+)'/.exec(e.message);
  return m?.[1]?.split(/[ ,]/)[0] ?? null;
}

/**
 * Parses and runs `argv`. Usage errors (unknown flag, missing argument…) exit 2 like any bad
 * input, and under `--json` also print one problem document on stdout, the same shape as a
 * command's own errors, so a script never has to parse commander's prose.
 */
export async function runProgram(argv: readonly string[], ctx: CliContext = processContext): Promise<void> {
  const program = buildProgram(ctx);
  for (const c of everyCommand(program)) {
    // Throw instead of process.exit, so the error can be reported here (and tests keep running).
    c.exitOverride();
    c.configureOutput({ writeOut: (t) => ctx.stdout(t.trimEnd()), writeErr: (t) => ctx.stderr(t.trimEnd()) });
  }
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.exitCode === 0) return; // --help, --version
    if (argv.includes('--json'))
      ctx.stdout(
        JSON.stringify({
          error: {
            code: 'BAD_INPUT',
            message: e.message.replace(/^error: /, ''),
            field: usageField(e),
            usage: e.code,
          },
        }),
      );
    process.exitCode = EXIT_CODES.BAD_INPUT;
  }
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  await runProgram(argv);
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
