/**
 * Job records on SQLite (see ../job-store.ts). One process serves a SQLite file, so claiming is
 * one immediate transaction; the records make queued jobs, and jobs running when the process died
 * (their heartbeat stops), run again after a restart.
 */
import type Database from 'better-sqlite3';
import * as jobRows from '../job-rows.js';
import type * as jobStore from '../job-store.js';
import { SQLITE_STYLE } from '../sql-style.js';

export const JOBS_SCHEMA = jobRows.jobsSchema({ id: 'TEXT', blob: 'BLOB', real: 'REAL', int8: 'INTEGER' });

export class SqliteJobStore implements jobStore.JobStore {
  constructor(private readonly db: Database.Database) {}

  async submit(job: jobStore.JobSubmit): Promise<jobStore.JobRecord> {
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, state, input, payload, payload_bytes, max_attempts, submitter, org, created_at)
         VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...jobRows.submitValues(job));
    return (await this.get(job.id)) as jobStore.JobRecord;
  }

  async get(id: string): Promise<jobStore.JobRecord | undefined> {
    const row = this.db.prepare(`SELECT ${jobRows.JOB_COLUMNS} FROM jobs WHERE id = ?`).get(id) as
      | jobRows.JobRow
      | undefined;
    return row ? jobRows.jobOfRow(row) : undefined;
  }

  async payload(id: string): Promise<Buffer | undefined> {
    const row = this.db.prepare('SELECT payload FROM jobs WHERE id = ?').get(id) as
      | { payload: Buffer | null }
      | undefined;
    return row?.payload ?? undefined;
  }

  async list(filter: jobStore.JobFilter = {}): Promise<jobStore.JobRecord[]> {
    const { sql, args } = jobRows.jobsQuery(SQLITE_STYLE, filter);
    const rows = this.db.prepare(sql).all(...args) as jobRows.JobRow[];
    return rows.map(jobRows.jobOfRow);
  }

  async claim(o: jobStore.JobClaimOptions): Promise<jobStore.JobClaim | undefined> {
    const kinds = o.kinds ?? [];
    const kindClause = kinds.length > 0 ? `AND kind IN (${kinds.map(() => '?').join(', ')})` : '';
    const id = this.db
      .transaction(() => {
        this.db
          .prepare(
            `UPDATE jobs SET state = 'failed', finished_at = ?, error = ?, payload = NULL
             WHERE state = 'running' AND heartbeat_at < ? AND attempts >= max_attempts`,
          )
          .run(o.now, JSON.stringify(jobRows.ABANDONED), o.staleBefore);
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
    const job = (await this.get(id)) as jobStore.JobRecord;
    return { job, worker: o.worker, attempt: job.attempts };
  }

  async heartbeat(
    claim: jobStore.JobClaim,
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

  async finish(claim: jobStore.JobClaim, outcome: jobStore.JobOutcome, now: number): Promise<boolean> {
    const r = this.db
      .prepare(
        `UPDATE jobs SET state = ?, result = ?, error = ?, finished_at = ?, heartbeat_at = ?, payload = NULL,
           progress = CASE WHEN ? = 'succeeded' THEN 1 ELSE progress END,
           message = CASE WHEN ? = 'succeeded' THEN NULL ELSE message END
         WHERE id = ? AND state = 'running' AND worker = ? AND attempts = ?`,
      )
      .run(
        ...jobRows.outcomeValues(outcome),
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

  async release(claim: jobStore.JobClaim): Promise<boolean> {
    const r = this.db
      .prepare(
        `UPDATE jobs SET state = 'queued', attempts = attempts - 1, heartbeat_at = NULL
         WHERE id = ? AND state = 'running' AND worker = ? AND attempts = ?`,
      )
      .run(claim.job.id, claim.worker, claim.attempt);
    return r.changes === 1;
  }

  async cancel(id: string, now: number): Promise<jobStore.JobRecord | undefined> {
    this.db
      .prepare(
        `UPDATE jobs SET state = 'cancelled', finished_at = ?, payload = NULL
         WHERE id = ? AND state IN ('queued', 'running')`,
      )
      .run(now, id);
    return this.get(id);
  }
}
