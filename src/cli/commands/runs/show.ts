/** `xinzhi runs show <id>`: one run: config, data fingerprint, per-step metrics, evaluation, artefacts. */
import type { Command } from '@commander-js/extra-typings';
import { getRun } from '../../../analytics/runs/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';
import { when } from './options.js';

export function registerShow(runs: Command, ctx: CliContext): void {
  runs
    .command('show <id>')
    .description('one run: config, data fingerprint, per-step metrics, evaluation, artefacts')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id, opts) => {
        const r = await withStore(opts, (s) => getRun(s, id));
        if (opts.json) {
          printJson(ctx, r);
          return;
        }
        ctx.stdout(`${r.id} (${r.kind}, ${r.status}) ${r.name}`);
        ctx.stdout(`  started ${when(r.startedAt)}  finished ${when(r.finishedAt)}`);
        ctx.stdout(`  data ${r.data.source ?? ''} sha256 ${r.data.fingerprint}`);
        ctx.stdout(`  config ${JSON.stringify(r.config)}`);
        for (const [k, pts] of Object.entries(r.metrics)) {
          const last = pts[pts.length - 1];
          ctx.stdout(
            `  ${k}: ${pts.length} points, last ${last ? `${last[1].toFixed(3)} @ ${last[0]}` : '-'}`,
          );
        }
        ctx.stdout(`  evaluation ${JSON.stringify(r.evaluation)}`);
        for (const a of r.artefacts) ctx.stdout(`  artefact ${a.name} (${a.kind}, ${a.bytes} bytes)`);
        if (r.error) ctx.stdout(`  error: ${r.error}`);
      }),
    );
}
