/** `xinzhi loops list`: every loop with its mode, setpoint, PV and output. */
import type { Command } from '@commander-js/extra-typings';
import { apiCall, apiTarget } from '../../api-client.js';
import { action, type CliContext, printJson } from '../../context.js';
import { common, type Loop, summary } from './shared.js';

export function registerList(cmd: Command, ctx: CliContext): void {
  common(cmd.command('list').description('every loop with its mode, setpoint, PV and output')).action(
    action(ctx, async (opts) => {
      const r = await apiCall<{ loops: Loop[] }>(apiTarget(opts), 'GET', '/control/loops');
      if (opts.json) printJson(ctx, r);
      else ctx.stdout(r.loops.length === 0 ? 'no control loops' : r.loops.map(summary).join('\n'));
    }),
  );
}
