/**
 * `xinzhi loops`: live control loops. A loop runs inside the server process: its PV, output,
 * integral state and mode exist only there, and the server reads its saved configuration once at
 * start. Changing the database from another process would neither reach the running loop nor
 * survive its next save, so this command talks to the running server's API
 * (`/api/v1/control/loops`) with `--url` and an API key (`--key` or `$XINZHI_API_KEY`), and every
 * change is audited there under that key, like a change from the dashboard.
 */
import { Command } from 'commander';
import { toIso, XinzhiError } from '../../core/index.js';
import { apiCall, apiTarget, DEFAULT_API_URL } from '../api-client.js';
import { action, type CliContext, printJson } from '../context.js';
import { jsonOption, numberFlag } from '../options.js';
import type { RegisterCommand } from './types.js';

interface Common {
  url?: string;
  key?: string;
  json?: boolean;
}

/** The parts of `/control/loops` answers this command shows. */
interface Loop {
  id: string;
  status: string;
  mode: 'auto' | 'manual';
  sp: number;
  op: number;
  pv: { ts: number; value: number } | null;
  saturated: 'high' | 'low' | null;
  config: {
    description: string;
    pvSeries: string | null;
    opTopic: string | null;
    opUnit: string;
    sampleTimeMs: number;
    tuning: { kc: number; ti: number | null; td: number };
    limits: { outMin: number; outMax: number; rateLimit: number | null };
  };
}

const path = (id: string, tail = ''): string => `/control/loops/${encodeURIComponent(id)}${tail}`;

const summary = (l: Loop): string =>
  `${l.id}  ${l.mode}  ${l.status}  SP ${l.sp}  PV ${l.pv === null ? '—' : l.pv.value}  OP ${l.op} ${l.config.opUnit}` +
  (l.saturated ? ` (at ${l.saturated} limit)` : '');

const detail = (l: Loop): string =>
  [
    summary(l),
    l.config.description ? `  ${l.config.description}` : '',
    `  PV series ${l.config.pvSeries ?? '—'}${l.pv ? ` (last ${toIso(l.pv.ts)})` : ''}, output topic ${l.config.opTopic ?? '—'}`,
    `  tuning Kc ${l.config.tuning.kc}, Ti ${l.config.tuning.ti ?? '∞'} s, Td ${l.config.tuning.td} s; output ${l.config.limits.outMin}..${l.config.limits.outMax} ${l.config.opUnit}; sample ${l.config.sampleTimeMs} ms`,
  ]
    .filter(Boolean)
    .join('\n');

const common = (c: Command): Command =>
  c
    .option('--url <url>', `the running server (default $XINZHI_URL or ${DEFAULT_API_URL})`)
    .option('--key <key>', 'API key of an operator (default $XINZHI_API_KEY)')
    .addOption(jsonOption());

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  const cmd = new Command('loops').description(
    'live control loops of a running server (over its HTTP API: --url, --key or $XINZHI_API_KEY)',
  );

  common(cmd.command('list').description('every loop with its mode, setpoint, PV and output')).action(
    action(ctx, async (opts: Common) => {
      const r = await apiCall<{ loops: Loop[] }>(apiTarget(opts), 'GET', '/control/loops');
      if (opts.json) printJson(ctx, r);
      else ctx.stdout(r.loops.length === 0 ? 'no control loops' : r.loops.map(summary).join('\n'));
    }),
  );

  common(cmd.command('show <id>').description('one loop: state, wiring, tuning and limits')).action(
    action(ctx, async (id: string, opts: Common) => {
      const l = await apiCall<Loop>(apiTarget(opts), 'GET', path(id));
      if (opts.json) printJson(ctx, l);
      else ctx.stdout(detail(l));
    }),
  );

  common(
    cmd
      .command('set <id>')
      .description('operate a loop: setpoint, mode, manual output (each change audited on the server)')
      .option('--setpoint <value>', 'new setpoint, in the PV unit')
      .option('--mode <mode>', 'auto or manual (bumpless)')
      .option('--output <value>', 'output in manual mode (with --mode manual: the output to switch at)')
      .option('--reason <text>', 'why, kept in the loop audit trail'),
  ).action(
    action(
      ctx,
      async (
        id: string,
        opts: Common & { setpoint?: string; mode?: string; output?: string; reason?: string },
      ) => {
        const setpoint = numberFlag('--setpoint', opts.setpoint);
        const output = numberFlag('--output', opts.output);
        if (opts.mode !== undefined && opts.mode !== 'auto' && opts.mode !== 'manual')
          throw new XinzhiError('BAD_INPUT', `--mode must be auto or manual, not "${opts.mode}"`, {
            field: '--mode',
          });
        if (setpoint === undefined && opts.mode === undefined && output === undefined)
          throw new XinzhiError('BAD_INPUT', 'give --setpoint, --mode or --output', { field: '--setpoint' });
        if (opts.mode === 'auto' && output !== undefined)
          throw new XinzhiError('BAD_INPUT', '--output is for manual mode; in auto the controller sets it', {
            field: '--output',
          });
        const target = apiTarget(opts);
        const why = opts.reason === undefined ? {} : { reason: opts.reason };
        let loop: Loop | undefined;
        // Mode first: `--mode manual --output 40` switches at that output in one audited step.
        if (opts.mode !== undefined)
          loop = await apiCall<Loop>(target, 'POST', path(id, '/mode'), {
            mode: opts.mode,
            ...(output === undefined ? {} : { output }),
            ...why,
          });
        else if (output !== undefined)
          loop = await apiCall<Loop>(target, 'POST', path(id, '/output'), { value: output, ...why });
        if (setpoint !== undefined)
          loop = await apiCall<Loop>(target, 'POST', path(id, '/setpoint'), { value: setpoint, ...why });
        if (opts.json) printJson(ctx, loop);
        else ctx.stdout(summary(loop!));
      },
    ),
  );
  program.addCommand(cmd);
};
