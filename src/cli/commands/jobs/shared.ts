/** What the `jobs` subcommands share: the state filter and reading one job. */
import { XinzhiError } from '../../../core/index.js';
import { JOB_STATES, type JobRecord, type JobState } from '../../../store/index.js';
import { withStore } from '../../open-store.js';

export const when = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());
export const pct = (j: JobRecord): string => `${Math.round(j.progress * 100)}%`.padStart(4);

export function stateOf(v: string | undefined): JobState | undefined {
  if (v === undefined) return undefined;
  if (!(JOB_STATES as readonly string[]).includes(v))
    throw new XinzhiError('BAD_INPUT', `--state must be one of ${JOB_STATES.join(', ')}, got '${v}'`, {
      field: 'state',
    });
  return v as JobState;
}

export async function mustGet(opts: { db?: string | undefined }, id: string): Promise<JobRecord> {
  const j = await withStore(opts, (s) => s.jobs.get(id));
  if (!j) throw new XinzhiError('NOT_FOUND', `no job '${id}'`, { field: 'id' });
  return j;
}
