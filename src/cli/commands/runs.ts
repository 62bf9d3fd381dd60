/**
 * `xinzhi runs …`: tracked training runs and the model registry.
 *
 *   xinzhi runs list [--kind rul] --json          xinzhi runs show <id> --json
 *   xinzhi runs models --json                     xinzhi runs register <model> <runId>
 *   xinzhi runs promote <model> <version>         xinzhi runs rollback <model>
 */
import { Command } from 'commander';
import {
  getRun,
  listRegisteredModels,
  listRuns,
  promoteModel,
  registerModel,
  rollbackModel,
} from '../../analytics/runs/index.js';
import { XinzhiError } from '../../core/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { withStore } from '../open-store.js';
import { dbOption, jsonOption, numberFlag } from '../options.js';
import type { RegisterCommand } from './index.js';

interface Opts {
  db?: string;
  json?: boolean;
  kind?: string;
  limit?: string;
}

const when = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());

export const register: RegisterCommand = (program, ctx) => {
  program.addCommand(runsCommand(ctx));
};

export function runsCommand(ctx: CliContext): Command {
  const runs = new Command('runs').description('tracked training runs and the model registry');
  runs
    .command('list')
    .description('runs, newest first')
    .option('--kind <kind>', 'only runs of this kind (e.g. rul)')
    .option('--limit <n>', 'at most this many')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts: Opts) => {
        const limit = numberFlag('--limit', opts.limit, { integer: true, positive: true });
        const list = await withStore(opts, (s) =>
          listRuns(s, { ...(opts.kind ? { kind: opts.kind } : {}), ...(limit ? { limit } : {}) }),
        );
        if (opts.json) printJson(ctx, { runs: list });
        else if (list.length === 0) ctx.stdout('no runs');
        else
          for (const r of list)
            ctx.stdout(
              `${r.id}  ${r.kind}  ${r.status.padEnd(8)}  ${when(r.startedAt)}  ${r.name}  ${JSON.stringify(r.evaluation)}`,
            );
      }),
    );
  runs
    .command('show <id>')
    .description('one run: config, data fingerprint, per-step metrics, evaluation, artefacts')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id: string, opts: Opts) => {
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
  runs
    .command('models')
    .description('registered models, their versions and the one in production')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts: Opts) => {
        const models = await withStore(opts, (s) => listRegisteredModels(s));
        if (opts.json) printJson(ctx, { models });
        else
          for (const m of models)
            ctx.stdout(`${m.name}: ${m.versions.length} version(s), production v${m.production ?? '-'}`);
      }),
    );
  runs
    .command('register <model> <runId>')
    .description('add the model of a finished run as the next version')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (model: string, runId: string, opts: Opts) => {
        const v = await withStore(opts, (s) => registerModel(s, model, runId));
        if (opts.json) printJson(ctx, v);
        else ctx.stdout(`${model} v${v.version} ← ${runId}`);
      }),
    );
  runs
    .command('promote <model> <version>')
    .description('put a version in production')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (model: string, version: string, opts: Opts) => {
        const n = Number(version);
        if (!Number.isInteger(n) || n < 1)
          throw new XinzhiError('BAD_INPUT', `version must be a positive integer, got '${version}'`, {
            field: 'version',
          });
        const m = await withStore(opts, (s) => promoteModel(s, model, n));
        if (opts.json) printJson(ctx, m);
        else ctx.stdout(`${model}: v${m.production} in production`);
      }),
    );
  runs
    .command('rollback <model>')
    .description('restore the previous production version')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (model: string, opts: Opts) => {
        const m = await withStore(opts, (s) => rollbackModel(s, model));
        if (opts.json) printJson(ctx, m);
        else ctx.stdout(`${model}: rolled back to v${m.production}`);
      }),
    );
  return runs;
}
