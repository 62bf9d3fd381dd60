/**
 * Job records on SQLite (see ../job-store.ts). One process serves a SQLite file, so claiming is
 * one immediate transaction; the records make queued jobs, and jobs running when the process died
 * (their heartbeat stops), run again after a restart.
 */
import type Database from 'better-sqlite3';
import { ABANDONED, type JobRow, jobOfRow } from '../job-rows.js';
import type {
  JobClaim,
  JobClaimOptions,
  JobFilter,
  JobOutcome,
  JobRecord,
  JobStore,
  JobSubmit,
} from '../job-store.js';

export const JOBS_SCHEMA = `
CREATE TABLE jobs (
  id           TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  input        TEXT NOT NULL,
  payload      BLOB,
  payload_bytes INTEGER NOT NULL DEFAULT 0,
  progress     REAL NOT NULL DEFAULT 0,
  message      TEXT,
  attempts     INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  result       TEXT,
  error        TEXT,
  submitter    TEXT NOT NULL,
  org          TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  started_at   INTEGER,
  finished_at  INTEGER,
  heartbeat_at INTEGER,
  worker       TEXT
);
CREATE INDEX jobs_state ON jobs (state, created_at);
CREATE INDEX jobs_org ON jobs (org, created_at);
`;

const COLUMNS = `id, kind, state, input, payload_bytes, progress, message, attempts,
  max_attempts, result, error, submitter, created_at, started_at, finished_at, heartbeat_at, worker`;

export class SqliteJobStore implements JobStore {
  constructor(private readonly db: Database.Database) {}

  async submit(job: JobSubmit): Promise<JobRecord> {
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, state, input, payload, payload_bytes, max_attempts, submitter, org, created_at)
         VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        job.id,
        job.kind,
        JSON.stringify(job.input ?? null),
        job.payload ?? null,
        job.payload?.length ?? 0,
        job.maxAttempts,
        JSON.stringify(job.submitter),
        job.submitter.org,
        job.createdAt,
      );
    return (await this.get(job.id)) as JobRecord;
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`).get(id) as JobRow | undefined;
    return row ? jobOfRow(row) : undefined;
  }

  async payload(id: string): Promise<Buffer | undefined> {
    const row = this.db.prepare('SELECT payload FROM jobs WHERE id = ?').get(id) as
      | { payload: Buffer | null }
      | undefined;
    return row?.payload ?? undefined;
  }

  async list(filter: JobFilter = {}): Promise<JobRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    for (const [column, value] of [
      ['org', filter.org],
      ['state', filter.state],
      ['kind', filter.kind],
    ] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      args.push(value);
    }
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .all(...args, filter.limit ?? 100) as JobRow[];
    return rows.map(jobOfRow);
  }

  async claim(o: JobClaimOptions): Promise<JobClaim | undefined> {
    const kinds = o.kinds ?? [];
    const kindClause = kinds.length > 0 ? `AND kind IN (${kinds.map(() => '?').join(', ')})` : '';
    const id = this.db
      .transaction(() => {
        this.db
          .prepare(
            `UPDATE jobs SET state = 'failed', finished_at = ?, error = ?, payload = NULL
             WHERE state = 'running' AND heartbeat_at < ? AND attempts >= max_attempts`,
          )
          .run(o.now, JSON.stringify(ABANDONED), o.staleBefore);
        const row = this.db
          .prepare(
            `SELECT id FROM jobs WHERE (state = 'queued' OR (state = 'running' AND heartbeat_at < ?)) ${kindClause}
             ORDER BY created_at, id LIMIT 1`,
          )
          .get(o.staleBefore, ...kinds) as { id: string } | undefined;
        if (!row) return undefined;
        this.db
          .prepare(
            `UPDATE jobs SET state = 'running', worker = ?, attempts = attempts + 1, started_at = ?,
               heartbeat_at = ? WHERE id = ?`,
          )
          .run(o.worker, o.now, o.now, row.id);
        return row.id;
      })
      .immediate();
    if (id === undefined) return undefined;
    const job = (await this.get(id)) as JobRecord;
    return { job, worker: o.worker, attempt: job.attempts };
  }

  async heartbeat(
    claim: JobClaim,
    now: number,
    progress?: { fraction: number; message?: string },
  ): Promise<boolean> {
    const r = progress
      ? this.db
          .prepare(
            `UPDATE jobs SET heartbeat_at = ?, progress = ?, message = ?
             WHERE id = ? AND state = 'running' AND worker = ? AND attempts = ?`,
          )
          .run(now, progress.fraction, progress.message ?? null, claim.job.id, claim.worker, claim.attempt)
      : this.db
          .prepare(
            `UPDATE jobs SET heartbeat_at = ? WHERE id = ? AND state = 'running' AND worker = ? AND attempts = ?`,
          )
          .run(now, claim.job.id, claim.worker, claim.attempt);
    return r.changes === 1;
  }

  async finish(claim: JobClaim, outcome: JobOutcome, now: number): Promise<boolean> {
    const r = this.db
      .prepare(
        `UPDATE jobs SET state = ?, result = ?, error = ?, finished_at = ?, heartbeat_at = ?, payload = NULL,
           progress = CASE WHEN ? = 'succeeded' THEN 1 ELSE progress END,
           message = CASE WHEN ? = 'succeeded' THEN NULL ELSE message END
         WHERE id = ? AND state = 'running' AND worker = ? AND attempts = ?`,
      )
      .run(
        outcome.state,
        outcome.state === 'succeeded' ? JSON.stringify(outcome.result ?? null) : null,
        outcome.state === 'failed' ? JSON.stringify(outcome.error) : null,
        now,
        now,
        outcome.state,
        outcome.state,
        claim.job.id,
        claim.worker,
        claim.attempt,
      );
    return r.changes === 1;
  }

  async release(claim: JobClaim): Promise<boolean> {
    const r = this.db
      .prepare(
        `UPDATE jobs SET state = 'queued', attempts = attempts - 1, heartbeat_at = NULL
         WHERE id = ? AND state = 'running' AND worker = ? AND attempts = ?`,
      )
      .run(claim.job.id, claim.worker, claim.attempt);
    return r.changes === 1;
  }

  async cancel(id: string, now: number): Promise<JobRecord | undefined> {
    this.db
      .prepare(
        `UPDATE jobs SET state = 'cancelled', finished_at = ?, payload = NULL
         WHERE id = ? AND state IN ('queued', 'running')`,
      )
      .run(now, id);
    return this.get(id);
  }
}
