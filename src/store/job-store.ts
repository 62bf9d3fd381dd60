/**
 * Durable job records and their claiming: the storage half of the shared job queue
 * (src/server/jobs/). A job is heavy work asked for over the API (planning, routing, imports,
 * model training) that any node on the same database may run; its record (state, progress,
 * result or error, who asked) is readable from every node.
 *
 * Claiming is a row update in the database the rest of the store lives in: on PostgreSQL
 * `FOR UPDATE SKIP LOCKED`, so several nodes never take the same job; on SQLite one immediate
 * transaction. A running job carries its worker's id and attempt number and a heartbeat; a job
 * whose heartbeat is older than the queue's stale limit is taken again by whoever claims next
 * (its worker died), and every later write of the old worker is refused (the fence is worker +
 * attempt), so exactly one outcome is recorded per job.
 */

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Who submitted a job; the worker runs it as this principal, in this scope. */
export interface JobSubmitter {
  readonly kind: 'user' | 'key' | 'open' | 'system';
  readonly id: number | null;
  readonly name: string;
  readonly role: string;
  readonly org: string;
  /** Sites the submitter was limited to; null for the whole organisation. */
  readonly sites: readonly string[] | null;
  /** Asset a device credential was limited to. */
  readonly asset: string | null;
}

/** Why a job failed: the problem the mirrored route would have answered. */
export interface JobError {
  readonly message: string;
  readonly code?: string;
  readonly status?: number;
  readonly field?: string;
  readonly errors?: readonly { field: string; message: string }[];
}

export interface JobRecord {
  readonly id: string;
  readonly kind: string;
  readonly state: JobState;
  /** The JSON input as submitted (uploaded bytes are apart: `payloadBytes`). */
  readonly input: unknown;
  /** Size of the uploaded file, 0 when none (the bytes are dropped once the job has ended). */
  readonly payloadBytes: number;
  /** 0–1. */
  readonly progress: number;
  readonly message: string | null;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly result: unknown;
  readonly error: JobError | null;
  readonly submitter: JobSubmitter;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly heartbeatAt: number | null;
  /** Worker running it (or that last ran it). */
  readonly worker: string | null;
}

export interface JobSubmit {
  readonly id: string;
  readonly kind: string;
  readonly input: unknown;
  readonly payload?: Buffer;
  readonly submitter: JobSubmitter;
  readonly maxAttempts: number;
  readonly createdAt: number;
}

export interface JobFilter {
  readonly org?: string;
  readonly state?: JobState;
  readonly kind?: string;
  /** Newest first; default 100. */
  readonly limit?: number;
}

/** A claimed job: the record plus the fence every later write of this run must present. */
export interface JobClaim {
  readonly job: JobRecord;
  readonly worker: string;
  readonly attempt: number;
}

export interface JobClaimOptions {
  readonly worker: string;
  readonly now: number;
  /** Running jobs whose heartbeat is older than this were abandoned by a dead worker. */
  readonly staleBefore: number;
  /** Only these kinds (the ones this node can run); default any. */
  readonly kinds?: readonly string[];
}

export type JobOutcome =
  | { readonly state: 'succeeded'; readonly result: unknown }
  | { readonly state: 'failed'; readonly error: JobError };

export interface JobStore {
  submit(job: JobSubmit): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | undefined>;
  /** The uploaded bytes stored with the job, until it ends. */
  payload(id: string): Promise<Buffer | undefined>;
  list(filter?: JobFilter): Promise<JobRecord[]>;
  /**
   * Takes the oldest queued job, or a running one abandoned by a dead worker, counting an attempt.
   * Abandoned jobs out of attempts are failed on the way. Undefined when there is nothing to run.
   */
  claim(options: JobClaimOptions): Promise<JobClaim | undefined>;
  /** Records that the claim's worker is alive (and its progress); false when the claim is lost. */
  heartbeat(
    claim: JobClaim,
    now: number,
    progress?: { readonly fraction: number; readonly message?: string },
  ): Promise<boolean>;
  /** Records the outcome; false (and nothing written) when the claim is lost. */
  finish(claim: JobClaim, outcome: JobOutcome, now: number): Promise<boolean>;
  /** Puts a claimed job back in the queue (a node shutting down); the attempt does not count. */
  release(claim: JobClaim): Promise<boolean>;
  /** Cancels a queued or running job (a running one's worker is told by its next heartbeat). */
  cancel(id: string, now: number): Promise<JobRecord | undefined>;
}
