/** `xinzhi plans list`: the stored plans, newest first. */
import type { Command } from '@commander-js/extra-typings';
import { toIso } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { requiredNumberFlag, withDbAndJson } from '../../options.js';
import { noSolver, planning } from './shared.js';

export function registerList(cmd: Command, ctx: CliContext): void {
  withDbAndJson(
    cmd
      .command('list')
      .description('stored plans, newest first')
      .option('--limit <n>', 'at most this many', '100'),
  ).action(
    action(ctx, async (opts) => {
      const limit = requiredNumberFlag('--limit', opts.limit, { integer: true, min: 1, max: 1000 });
      const plans = await withExistingStore(opts, (s) => planning(s, noSolver).list(limit));
      if (opts.json) printJson(ctx, { plans });
      else
        ctx.stdout(
          plans.length === 0
            ? 'no stored plans (xinzhi plans create <plan.yaml>, or the planning page)'
            : plans
                .map(
                  (p) =>
                    `${p.id}  ${p.name}  ${p.status}  total ${p.totalCost === null ? '—' : `${p.currency}${p.totalCost.toLocaleString('en-US', { maximumFractionDigits: 2 })}`}  ${toIso(p.createdAt)}${p.parent ? `  (what-if of ${p.parent})` : ''}`,
                )
                .join('\n'),
        );
    }),
  );
}
