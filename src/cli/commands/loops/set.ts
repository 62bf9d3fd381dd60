/** `xinzhi loops set <id>`: change a running loop through the server's API (audited there). */
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { apiCall, apiTarget } from '../../api-client.js';
import { action, type CliContext, printJson } from '../../context.js';
import { numberFlag } from '../../options.js';
import { common, type Loop, path, summary } from './shared.js';

export function registerSet(cmd: Command, ctx: CliContext): void {
  common(
    cmd
      .command('set <id>')
      .description('operate a loop: setpoint, mode, manual output (each change audited on the server)')
      .option('--setpoint <value>', 'new setpoint, in the PV unit')
      .option('--mode <mode>', 'auto or manual (bumpless)')
      .option('--output <value>', 'output in manual mode (with --mode manual: the output to switch at)')
      .option('--reason <text>', 'why, kept in the loop audit trail'),
  ).action(
    action(ctx, async (id, opts) => {
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
    }),
  );
}
