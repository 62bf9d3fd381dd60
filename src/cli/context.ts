import { exitCodeOf, isXinzhiError } from '../core/index.js';

/** What every command gets from `main.ts`: how to write output and how to fail. */
export interface CliContext {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const processContext: CliContext = {
  stdout: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  stderr: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

/**
 * Wraps a command action: a XinzhiError becomes a one-line message (or a JSON object with
 * `error` when `--json` is set) and its exit code; anything else is a bug and shows its stack.
 */
export function action<A extends unknown[]>(
  ctx: CliContext,
  fn: (...args: A) => Promise<void> | void,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      const json = args.some(
        (a) => typeof a === 'object' && a !== null && (a as { json?: unknown }).json === true,
      );
      if (isXinzhiError(e)) {
        if (json)
          ctx.stdout(JSON.stringify({ error: { code: e.code, message: e.message, field: e.field ?? null } }));
        ctx.stderr(`error [${e.code}]${e.field ? ` ${e.field}:` : ''} ${e.message}`);
        process.exitCode = exitCodeOf(e.code);
      } else {
        ctx.stderr(e instanceof Error ? (e.stack ?? e.message) : String(e));
        process.exitCode = 1;
      }
    }
  };
}

export const printJson = (ctx: CliContext, value: unknown): void =>
  ctx.stdout(JSON.stringify(value, null, 2));
