/**
 * Job records on PostgreSQL (see ../job-store.ts), shared by every node on the database. A claim
 * picks its row with `FOR UPDATE SKIP LOCKED`, so two nodes claiming at once take different jobs
 * and neither waits for the other; the fence (worker + attempt) in every later update makes a
 * late write of a worker presumed dead change nothing.
 */
import type pg from 'pg';
import * as jobRows from '../job-rows.js';
import type * as jobStore from '../job-store.js';
import { POSTGRES_STYLE } from '../sql-style.js';
import { tx } from './db.js';

export const PG_JOBS_SCHEMA = jobRows.jobsSchema({
  id: 'TEXT COLLATE "C"',
  blob: 'BYTEA',
  real: 'DOUBLE PRECISION',
  int8: 'BIGINT',
});

const FENCE = `id = $1 AND state = 'running' AND worker = $2 AND attempts = $3`;

export class PostgresJobStore implements jobStore.JobStore {
  constructor(private readonly pool: pg.Pool) {}

  async submit(job: jobStore.JobSubmit): Promise<jobStore.JobRecord> {
    await this.pool.query(
      `INSERT INTO jobs (id, kind, state, input, payload, payload_bytes, max_attempts, submitter, org, created_at)
       VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7, $8, $9)`,
      jobRows.submitValues(job),
    );
    return (await this.get(job.id)) as jobStore.JobRecord;
  }

  async get(id: string): Promise<jobStore.JobRecord | undefined> {
    const r = await this.pool.query<jobRows.JobRow>(`SELECT ${jobRows.JOB_COLUMNS} FROM jobs WHERE id = $1`, [
      id,
    ]);
    return r.rows[0] ? jobRows.jobOfRow(r.rows[0]) : undefined;
  }

  async payload(id: string): Promise<Buffer | undefined> {
    const r = await this.pool.query<{ payload: Buffer | null }>('SELECT payload FROM jobs WHERE id = $1', [
      id,
    ]);
    return r.rows[0]?.payload ?? undefined;
  }

  async list(filter: jobStore.JobFilter = {}): Promise<jobStore.JobRecord[]> {
    const { sql, args } = jobRows.jobsQuery(POSTGRES_STYLE, filter);
    const r = await this.pool.query<jobRows.JobRow>(sql, args);
    return r.rows.map(jobRows.jobOfRow);
  }

  async claim(o: jobStore.JobClaimOptions): Promise<jobStore.JobClaim | undefined> {
    const kinds = o.kinds ?? [];
    const row = await tx(this.pool, async (c) => {
      await c.query(
        `UPDATE jobs SET state = 'failed', finished_at = $1, error = $2, payload = NULL
         WHERE state = 'running' AND heartbeat_at < $3 AND attempts >= max_attempts`,
        [o.now, JSON.stringify(jobRows.ABANDONED), o.staleBefore],
      );
      const r = await c.query<jobRows.JobRow>(
        `UPDATE jobs SET state = 'running', worker = $1, attempts = attempts + 1, started_at = $2, heartbeat_at = $2
         WHERE id = (
           SELECT id FROM jobs
           WHERE (state = 'queued' OR (state = 'running' AND heartbeat_at < $3))
             AND (cardinality($4::text[]) = 0 OR kind = ANY($4::text[]))
           ORDER BY created_at, id LIMIT 1
           FOR UPDATE SKIP LOCKED)
         RETURNING ${jobRows.JOB_COLUMNS}`,
        [o.worker, o.now, o.staleBefore, kinds],
      );
      return r.rows[0];
    });
    if (!row) return undefined;
    const job = jobRows.jobOfRow(row);
    return { job, worker: o.worker, attempt: job.attempts };
  }

  async heartbeat(
    claim: jobStore.JobClaim,
    now: number,
    progress?: { fraction: number; message?: string },
  ): Promise<boolean> {
    const fence = [claim.job.id, claim.worker, claim.attempt];
    const r = progress
      ? await this.pool.query(
          `UPDATE jobs SET heartbeat_at = $4, progress = $5, message = $6 WHERE ${FENCE}`,
          [...fence, now, progress.fraction, progress.message ?? null],
        )
      : await this.pool.query(`UPDATE jobs SET heartbeat_at = $4 WHERE ${FENCE}`, [...fence, now]);
    return r.rowCount === 1;
  }

  async finish(claim: jobStore.JobClaim, outcome: jobStore.JobOutcome, now: number): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE jobs SET state = $4, result = $5, error = $6, finished_at = $7, heartbeat_at = $7, payload = NULL,
         progress = CASE WHEN $4 = 'succeeded' THEN 1 ELSE progress END,
         message = CASE WHEN $4 = 'succeeded' THEN NULL ELSE message END
       WHERE ${FENCE}`,
      [claim.job.id, claim.worker, claim.attempt, ...jobRows.outcomeValues(outcome), now],
    );
    return r.rowCount === 1;
  }

  async release(claim: jobStore.JobClaim): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE jobs SET state = 'queued', attempts = attempts - 1, heartbeat_at = NULL WHERE ${FENCE}`,
      [claim.job.id, claim.worker, claim.attempt],
    );
    return r.rowCount === 1;
  }

  async cancel(id: string, now: number): Promise<jobStore.JobRecord | undefined> {
    await this.pool.query(
      `UPDATE jobs SET state = 'cancelled', finished_at = $2, payload = NULL
       WHERE id = $1 AND state IN ('queued', 'running')`,
      [id, now],
    );
    return this.get(id);
  }
}
