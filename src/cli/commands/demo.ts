import type { Command } from '@commander-js/extra-typings';
import cliProgress from 'cli-progress';
import {
  createLogger,
  parseDuration,
  parseTime,
  silentLogger,
  toIso,
  XinzhiError,
} from '../../core/index.js';
import { createDemo, type DemoStats } from '../../demo/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { jsonOption } from '../options.js';

export interface DemoFlags {
  readonly broker: string;
  readonly seed: string;
  readonly speed: string;
  readonly start?: string;
  readonly notAfterNow?: boolean;
  readonly duration?: string;
  readonly sample?: string;
  readonly username?: string;
  readonly password?: string;
  readonly json?: boolean;
}

/** `--start`: an ISO time, epoch ms, or a duration back from now such as `-1d` or `-6h`. */
export function parseStart(input: string, now: number): number {
  const s = input.trim();
  if (s.startsWith('-')) {
    const d = parseDuration(s.slice(1));
    if (d !== undefined) return now - d;
  }
  const t = parseTime(s);
  if (t === undefined)
    throw new XinzhiError(
      'BAD_INPUT',
      `--start '${input}' is not an ISO time, epoch or '-<duration>' like -1d`,
      {
        field: 'start',
      },
    );
  return t;
}

function parseNumberFlag(value: string, flag: string, check: (n: number) => boolean, rule: string): number {
  const n = Number(value);
  if (value.trim() === '' || !check(n))
    throw new XinzhiError('BAD_INPUT', `--${flag} must be ${rule}, got '${value}'`, { field: flag });
  return n;
}

const summary = (s: DemoStats): Record<string, unknown> => ({
  seed: s.seed,
  speed: s.speed,
  simStart: toIso(s.simStart),
  simTime: toIso(s.simTime),
  frames: s.frames,
  messages: s.messages,
  points: s.points,
  bytes: s.bytes,
  errors: s.errors,
});

async function runDemo(ctx: CliContext, flags: DemoFlags): Promise<void> {
  const seed = parseNumberFlag(flags.seed, 'seed', Number.isSafeInteger, 'an integer');
  const speed = parseNumberFlag(
    flags.speed,
    'speed',
    (n) => Number.isFinite(n) && n > 0,
    'a positive number',
  );
  const start = flags.start === undefined ? undefined : parseStart(flags.start, Date.now());
  let durationMs: number | undefined;
  if (flags.duration !== undefined) {
    durationMs = parseDuration(flags.duration);
    if (durationMs === undefined || durationMs <= 0)
      throw new XinzhiError(
        'BAD_INPUT',
        `--duration '${flags.duration}' is not a duration like 30s, 10m, 2h`,
        {
          field: 'duration',
        },
      );
  }
  let factoryMs: number | undefined;
  if (flags.sample !== undefined) {
    factoryMs = parseDuration(flags.sample);
    if (factoryMs === undefined || factoryMs < 100)
      throw new XinzhiError('BAD_INPUT', `--sample '${flags.sample}' must be a duration of at least 100ms`, {
        field: 'sample',
      });
  }
  const showProgress = process.stderr.isTTY === true && !flags.json;
  const demo = createDemo({
    brokerUrl: flags.broker,
    seed,
    speed,
    ...(start !== undefined ? { start } : {}),
    ...(flags.notAfterNow ? { notAfterNow: true } : {}),
    ...(factoryMs !== undefined ? { intervals: { factory: factoryMs } } : {}),
    ...(flags.username !== undefined ? { username: flags.username } : {}),
    ...(flags.password !== undefined ? { password: flags.password } : {}),
    logger: showProgress || flags.json ? silentLogger : createLogger(),
  });
  await demo.start();
  if (!flags.json)
    ctx.stderr(
      `demo publishing to ${flags.broker} (seed ${seed}, ${speed}× real time, from ${toIso(demo.stats().simStart)}); Ctrl-C stops`,
    );
  const bar = showProgress
    ? new cliProgress.SingleBar({
        format: 'simulated {sim} | {points} points in {messages} messages | {errors} errors',
        hideCursor: true,
      })
    : undefined;
  bar?.start(0, 0, { sim: '', points: 0, messages: 0, errors: 0 });
  const progress = setInterval(() => {
    const s = demo.stats();
    bar?.update(0, { sim: toIso(s.simTime), points: s.points, messages: s.messages, errors: s.errors });
  }, 500);
  await new Promise<void>((resolve) => {
    const finish = (): void => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      if (timer) clearTimeout(timer);
      resolve();
    };
    const timer = durationMs === undefined ? undefined : setTimeout(finish, durationMs);
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
  });
  clearInterval(progress);
  bar?.stop();
  await demo.stop();
  const s = summary(demo.stats());
  if (flags.json) printJson(ctx, s);
  else ctx.stderr(`demo stopped: ${s['points']} points in ${s['messages']} messages up to ${s['simTime']}`);
}

/**
 * `xinzhi demo --broker mqtt://127.0.0.1:1884 [--seed 42] [--speed 60]`: runs the simulated
 * factory, farm and fleet against any MQTT broker (the embedded one, Mosquitto, EMQX…).
 * Typed as `RegisterCommand` structurally; not imported from index.ts to avoid an import cycle.
 */
export const register = (program: Command, ctx: CliContext): void => {
  program
    .command('demo')
    .description('publish the simulated factory, farm and fleet to an MQTT broker (see docs/demo.md)')
    .requiredOption('--broker <url>', 'MQTT broker URL, e.g. mqtt://127.0.0.1:1883')
    .option('--seed <n>', 'seed of all randomness (same seed, same data)', '42')
    .option('--speed <x>', 'simulated seconds per real second (60: a day in 24 minutes)', '1')
    .option('--start <time>', 'simulated start: ISO time, epoch ms, or -<duration> back from now (-1d)')
    .option('--not-after-now', 'never publish future timestamps: run fast until now, then in real time')
    .option('--duration <d>', 'stop after this much real time (30s, 10m, 2h); default: until Ctrl-C')
    .option(
      '--sample <d>',
      'machine sampling interval in simulated time (default 1s; raise it for high speeds)',
    )
    .option('--username <name>', 'MQTT username')
    .option('--password <secret>', 'MQTT password (the embedded broker takes an API key)')
    .addOption(jsonOption('print the final statistics as one JSON document'))
    .action(action(ctx, (flags) => runDemo(ctx, flags)));
};
