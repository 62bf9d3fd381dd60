/**
 * The jobs table as the SQLite and PostgreSQL job stores share it: its definition in each dialect's
 * column types, the row mapping (both keep JSON columns as text, so one reader serves both) and
 * the values and filters both write.
 */
import type {
  JobError,
  JobFilter,
  JobOutcome,
  JobRecord,
  JobState,
  JobSubmit,
  JobSubmitter,
} from './job-store.js';
import { type SqlStyle, Where } from './sql-style.js';

export interface JobRow {
  id: string;
  kind: string;
  state: string;
  input: string;
  payload_bytes: number | null;
  progress: number;
  message: string | null;
  attempts: number;
  max_attempts: number;
  result: string | null;
  error: string | null;
  submitter: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  heartbeat_at: number | null;
  worker: string | null;
}

/** The error of a job whose workers all died before finishing it. */
export const ABANDONED: JobError = {
  code: 'JOB_ABANDONED',
  message: 'the worker running this job stopped answering on every attempt; see the server logs',
};

export function jobOfRow(r: JobRow): JobRecord {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state as JobState,
    input: JSON.parse(r.input) as unknown,
    payloadBytes: Number(r.payload_bytes ?? 0),
    progress: Number(r.progress),
    message: r.message,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    result: r.result === null ? null : (JSON.parse(r.result) as unknown),
    error: r.error === null ? null : (JSON.parse(r.error) as JobError),
    submitter: JSON.parse(r.submitter) as JobSubmitter,
    createdAt: Number(r.created_at),
    startedAt: r.started_at === null ? null : Number(r.started_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    heartbeatAt: r.heartbeat_at === null ? null : Number(r.heartbeat_at),
    worker: r.worker,
  };
}

/**
 * The jobs table in the column types of a dialect: its ids (PostgreSQL compares them bytewise,
 * COLLATE "C"), the payload's binary type, the progress fraction and epoch milliseconds.
 */
export const jobsSchema = (t: { id: string; blob: string; real: string; int8: string }): string => `
CREATE TABLE jobs (
  id           ${t.id} PRIMARY KEY,
  kind         TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  input        TEXT NOT NULL,
  payload      ${t.blob},
  payload_bytes INTEGER NOT NULL DEFAULT 0,
  progress     ${t.real} NOT NULL DEFAULT 0,
  message      TEXT,
  attempts     INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  result       TEXT,
  error        TEXT,
  submitter    TEXT NOT NULL,
  org          ${t.id} NOT NULL,
  created_at   ${t.int8} NOT NULL,
  started_at   ${t.int8},
  finished_at  ${t.int8},
  heartbeat_at ${t.int8},
  worker       TEXT
);
CREATE INDEX jobs_state ON jobs (state, created_at);
CREATE INDEX jobs_org ON jobs (org, created_at);
`;

/** The columns a job record is read from (the payload is read on its own). */
export const JOB_COLUMNS = `id, kind, state, input, payload_bytes, progress, message, attempts,
  max_attempts, result, error, submitter, created_at, started_at, finished_at, heartbeat_at, worker`;

/** The values of a submitted job, in the order of `INSERT INTO jobs (id, kind, state, …)` without the state. */
export const submitValues = (job: JobSubmit): unknown[] => [
  job.id,
  job.kind,
  JSON.stringify(job.input ?? null),
  job.payload ?? null,
  job.payload?.length ?? 0,
  job.maxAttempts,
  JSON.stringify(job.submitter),
  job.submitter.org,
  job.createdAt,
];

/** The statement and arguments of `list`: newest first, 100 unless a limit is given. */
export function jobsQuery(style: SqlStyle, filter: JobFilter): { sql: string; args: unknown[] } {
  const w = new Where(style);
  for (const [column, value] of [
    ['org', filter.org],
    ['state', filter.state],
    ['kind', filter.kind],
  ] as const)
    if (value !== undefined) w.add(`${column} = ?`, value);
  const sql = `SELECT ${JOB_COLUMNS} FROM jobs${w.sql}
     ORDER BY created_at DESC, id DESC LIMIT ${w.arg(filter.limit ?? 100)}`;
  return { sql, args: w.args };
}

/** The state, result and error a finished job stores. */
export const outcomeValues = (
  outcome: JobOutcome,
): [state: string, result: string | null, error: string | null] => [
  outcome.state,
  outcome.state === 'succeeded' ? JSON.stringify(outcome.result ?? null) : null,
  outcome.state === 'failed' ? JSON.stringify(outcome.error) : null,
];
