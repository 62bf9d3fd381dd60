/** `xinzhi loops show <id>`: one loop's state, wiring, tuning and limits. */
import type { Command } from '@commander-js/extra-typings';
import { apiCall, apiTarget } from '../../api-client.js';
import { action, type CliContext, printJson } from '../../context.js';
import { common, detail, type Loop, path } from './shared.js';

export function registerShow(cmd: Command, ctx: CliContext): void {
  common(cmd.command('show <id>').description('one loop: state, wiring, tuning and limits')).action(
    action(ctx, async (id, opts) => {
      const l = await apiCall<Loop>(apiTarget(opts), 'GET', path(id));
      if (opts.json) printJson(ctx, l);
      else ctx.stdout(detail(l));
    }),
  );
}
