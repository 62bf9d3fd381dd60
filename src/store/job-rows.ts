/**
 * Row mapping of the jobs table, shared by the SQLite and PostgreSQL job stores: both keep JSON
 * columns as text, so one reader serves both.
 */
import type { JobError, JobRecord, JobState, JobSubmitter } from './job-store.js';

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
