/**
 * `xinzhi jobs …`: the shared job queue's records, read from the store like the server's nodes
 * read them (with `--db postgres://…`, every node's jobs).
 *
 *   xinzhi jobs list [--state running] [--kind import] [--org acme] --json
 *   xinzhi jobs show <id> --json          xinzhi jobs cancel <id>
 *
 * Jobs are queued over the API (`POST /api/v1/jobs`); the CLI runs as the operator of the
 * installation and sees every organisation's jobs.
 */
import { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../core/index.js';
import { JOB_STATES, type JobRecord, type JobState } from '../../store/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { withStore } from '../open-store.js';
import { dbOption, jsonOption, numberFlag } from '../options.js';
import type { RegisterCommand } from './index.js';

interface Opts {
  db?: string;
  json?: boolean;
  state?: string;
  kind?: string;
  org?: string;
  limit?: string;
}

const when = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());
const pct = (j: JobRecord): string => `${Math.round(j.progress * 100)}%`.padStart(4);

function stateOf(v: string | undefined): JobState | undefined {
  if (v === undefined) return undefined;
  if (!(JOB_STATES as readonly string[]).includes(v))
    throw new XinzhiError('BAD_INPUT', `--state must be one of ${JOB_STATES.join(', ')}, got '${v}'`, {
      field: 'state',
    });
  return v as JobState;
}

async function mustGet(opts: Opts, id: string): Promise<JobRecord> {
  const j = await withStore(opts, (s) => s.jobs.get(id));
  if (!j) throw new XinzhiError('NOT_FOUND', `no job '${id}'`, { field: 'id' });
  return j;
}

export const register: RegisterCommand = (program, ctx) => {
  program.addCommand(jobsCommand(ctx));
};

export function jobsCommand(ctx: CliContext): Command {
  const jobs = new Command('jobs').description('jobs queued over the API: state, progress, result, cancel');
  jobs
    .command('list')
    .description('jobs, newest first')
    .option('--state <state>', `only jobs in this state (${JOB_STATES.join(', ')})`)
    .option('--kind <kind>', 'only jobs of this kind (delivery-plan, production-plan, import)')
    .option('--org <org>', 'only jobs of this organisation')
    .option('--limit <n>', 'at most this many (default 100)')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        const limit = numberFlag('--limit', opts.limit, { integer: true, positive: true });
        const state = stateOf(opts.state);
        const list = await withStore(opts, (s) =>
          s.jobs.list({
            ...(state ? { state } : {}),
            ...(opts.kind ? { kind: opts.kind } : {}),
            ...(opts.org ? { org: opts.org } : {}),
            ...(limit ? { limit } : {}),
          }),
        );
        if (opts.json) printJson(ctx, { jobs: list.map(({ input: _, result: __, ...j }) => j) });
        else if (list.length === 0) ctx.stdout('no jobs');
        else
          for (const j of list)
            ctx.stdout(
              `${j.id}  ${j.kind.padEnd(15)}  ${j.state.padEnd(9)}  ${pct(j)}  ${when(j.createdAt)}  ${j.submitter.name}@${j.submitter.org}${j.message ? `  ${j.message}` : ''}`,
            );
      }),
    );
  jobs
    .command('show <id>')
    .description('one job: input, progress, attempts, result or error')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id, opts) => {
        const j = await mustGet(opts, id);
        if (opts.json) {
          printJson(ctx, j);
          return;
        }
        ctx.stdout(`${j.id} (${j.kind}, ${j.state}) ${pct(j).trim()}${j.message ? ` ${j.message}` : ''}`);
        ctx.stdout(`  by ${j.submitter.name} (${j.submitter.role}) in ${j.submitter.org}`);
        ctx.stdout(
          `  queued ${when(j.createdAt)}  started ${when(j.startedAt)}  finished ${when(j.finishedAt)}`,
        );
        ctx.stdout(`  attempts ${j.attempts}/${j.maxAttempts}  worker ${j.worker ?? '-'}`);
        if (j.error) ctx.stdout(`  error ${j.error.field ? `${j.error.field}: ` : ''}${j.error.message}`);
        if (j.result !== null) ctx.stdout(`  result ${JSON.stringify(j.result).slice(0, 2000)}`);
      }),
    );
  jobs
    .command('cancel <id>')
    .description('cancel a queued or running job (its worker stops at its next heartbeat)')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id, opts) => {
        const before = await mustGet(opts, id);
        if (before.state !== 'queued' && before.state !== 'running')
          throw new XinzhiError('CONFLICT', `job '${id}' has already ${before.state}`, { field: 'id' });
        const j = (await withStore(opts, (s) => s.jobs.cancel(id, Date.now()))) as JobRecord;
        if (opts.json) printJson(ctx, { id: j.id, state: j.state });
        else ctx.stdout(`job ${j.id} ${j.state}`);
      }),
    );
  return jobs;
}
