/**
 * The shared job queue: workers of this node take jobs from the store's job records
 * (`store.jobs`, see src/store/job-store.ts), run them, heart-beat while they run and record the
 * outcome. The same code serves both stores: on PostgreSQL the records and their claims are shared
 * by every node on the database, so any node runs any job and every node sees its progress; on
 * SQLite one process works its own file, and jobs left queued or running by a process that died run
 * again once it restarts.
 *
 * Hand-written over the store rather than pg-boss: the pg-boss releases that run on Node 20 (10.x;
 * 11 and later need Node 22) expire a job only after a fixed time, with no heartbeat, so a dead
 * worker's long training job would wait out that whole time, or a slow but alive one would be run
 * twice; and the records (progress, submitter, scope) would live in a second table that must be
 * kept in step with pg-boss's. Here the claim is PostgreSQL's own row locking (`FOR UPDATE SKIP
 * LOCKED`), a job is taken over `staleMs` after its worker's last heartbeat, and each run's writes
 * are fenced by worker and attempt, so exactly one outcome is recorded.
 *
 * Semantics: a job's outcome (success, or a failure such as bad input or an infeasible plan) is
 * final; only a worker that stops heart-beating (process killed, machine lost) makes the job run
 * again, up to `maxAttempts` runs in all. Work a presumed-dead worker still finishes is discarded
 * (its writes are refused), so handlers should be safe to run twice (imports are: duplicates are
 * counted, not stored again).
 */
import { hostname } from 'node:os';
import { type Clock, httpStatusOf, issuesOf, type Logger, XinzhiError } from '../../core/index.js';
import type { JobClaim, JobError, JobRecord, JobStore } from '../../store/index.js';

/** What a running job can do besides computing its result. */
export interface JobContext {
  readonly job: JobRecord;
  /** Aborted when the job is cancelled, its claim is lost, or the queue stops. */
  readonly signal: AbortSignal;
  /** Reports progress (0–1); written at most once per heartbeat, whatever the call rate. */
  progress(fraction: number, message?: string): void;
  /** The uploaded bytes stored with the job. */
  payload(): Promise<Buffer | undefined>;
}

/** Runs one kind of job: the resolved value is its result (JSON); a throw is its failure. */
export type JobHandler = (input: unknown, ctx: JobContext) => Promise<unknown>;

export interface JobQueueOptions {
  readonly jobs: JobStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Jobs this node runs at once; default 1. 0 makes a queue that only submits and reads. */
  readonly workers?: number;
  /** This node's worker id prefix; default `<hostname>:<pid>`. */
  readonly nodeId?: string;
  /** How often an idle worker looks for work; default 1000 ms. */
  readonly pollMs?: number;
  /** How often a running job's heartbeat (and progress) is written; default 1000 ms. */
  readonly heartbeatMs?: number;
  /** A running job whose heartbeat is older than this was abandoned; default 15 s. */
  readonly staleMs?: number;
}

export interface JobQueue {
  readonly nodeId: string;
  readonly jobs: JobStore;
  /** Registers the handler of a kind; only registered kinds are claimed. */
  handle(kind: string, handler: JobHandler): void;
  /** Starts the workers (idempotent). */
  start(): void;
  /** Tells idle workers that a job was submitted here, so it starts without waiting for a poll. */
  wake(): void;
  /** Stops taking jobs, aborts running ones and puts them back in the queue for another node. */
  stop(): Promise<void>;
  /**
   * Stops at once without writing anything more, as a killed process would: running jobs keep
   * their claim until it goes stale. For tests of failover.
   */
  halt(): void;
  /** Jobs running on this node now. */
  running(): number;
}

let sequence = 0;

/** The failure recorded for a handler's throw: the problem the mirrored route would answer. */
export function jobErrorOf(e: unknown): JobError {
  if (e instanceof XinzhiError) {
    const status = typeof e.context['status'] === 'number' ? e.context['status'] : httpStatusOf(e.code);
    const errors = issuesOf(e);
    // A mirrored route's failure keeps the code it answered with, even one only HTTP knows.
    const code = typeof e.context['code'] === 'string' ? e.context['code'] : e.code;
    return {
      code,
      status,
      message: e.message,
      ...(e.field !== undefined ? { field: e.field } : {}),
      ...(errors ? { errors: errors.map((x) => ({ field: x.field, message: x.message })) } : {}),
    };
  }
  if (typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string')
    return { code: 'JOB_FAILED', message: e.message };
  return { code: 'JOB_FAILED', message: String(e) };
}

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { jobs, clock, logger } = options;
  const workers = options.workers ?? 1;
  const nodeId = options.nodeId ?? `${hostname()}:${process.pid}`;
  const pollMs = options.pollMs ?? 1000;
  const heartbeatMs = options.heartbeatMs ?? 1000;
  const staleMs = options.staleMs ?? 15_000;
  const handlers = new Map<string, JobHandler>();
  const active = new Map<string, { claim: JobClaim; abort: AbortController }>();
  let started = false;
  let stopping = false;
  let halted = false;
  const loops: Promise<void>[] = [];
  const sleepers = new Set<() => void>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        sleepers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      sleepers.add(done);
    });
  const wakeAll = () => {
    for (const s of [...sleepers]) s();
  };

  async function runOne(claim: JobClaim, workerId: string): Promise<void> {
    const job = claim.job;
    const handler = handlers.get(job.kind);
    const abort = new AbortController();
    active.set(workerId, { claim, abort });
    let pending: { fraction: number; message?: string } | undefined;
    let lost = false;
    const beat = async () => {
      if (halted || lost) return;
      const progress = pending;
      pending = undefined;
      try {
        const ok = await jobs.heartbeat(claim, clock.now(), progress);
        if (!ok && !halted) {
          lost = true;
          abort.abort(new XinzhiError('CONFLICT', `job ${job.id} was cancelled or taken over`));
        }
      } catch (e) {
        logger.warn({ err: e, job: job.id }, 'job heartbeat failed');
      }
    };
    const timer = setInterval(() => void beat(), heartbeatMs);
    const ctx: JobContext = {
      job,
      signal: abort.signal,
      progress(fraction, message) {
        const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
        pending = message === undefined ? { fraction: f } : { fraction: f, message };
      },
      payload: () => jobs.payload(job.id),
    };
    logger.info({ job: job.id, kind: job.kind, attempt: claim.attempt, worker: workerId }, 'job started');
    let outcome: { state: 'succeeded'; result: unknown } | { state: 'failed'; error: JobError };
    try {
      if (!handler) throw new XinzhiError('BAD_INPUT', `no handler for job kind '${job.kind}'`);
      // Stop waiting as soon as the job is cancelled or the node stops, even if the handler does
      // not watch the signal (its outcome would be refused anyway).
      const aborted = new Promise<never>((_, reject) => {
        const fail = () => reject(abort.signal.reason);
        if (abort.signal.aborted) fail();
        else abort.signal.addEventListener('abort', fail, { once: true });
      });
      aborted.catch(() => {});
      outcome = {
        state: 'succeeded',
        result: (await Promise.race([handler(job.input, ctx), aborted])) ?? null,
      };
    } catch (e) {
      outcome = { state: 'failed', error: jobErrorOf(e) };
    } finally {
      clearInterval(timer);
      active.delete(workerId);
    }
    if (halted) return;
    if (stopping && abort.signal.aborted && !lost && outcome.state === 'failed') {
      // Interrupted by this node's shutdown, not by the job: another node runs it from the start.
      await jobs
        .release(claim)
        .catch((e: unknown) => logger.warn({ err: e, job: job.id }, 'job release failed'));
      return;
    }
    const recorded = await jobs.finish(claim, outcome, clock.now());
    logger.info(
      { job: job.id, kind: job.kind, state: outcome.state, recorded, worker: workerId },
      recorded ? 'job finished' : 'job finished after its claim was lost; outcome discarded',
    );
  }

  async function workerLoop(workerId: string): Promise<void> {
    while (!stopping && !halted) {
      let claim: JobClaim | undefined;
      if (handlers.size === 0) {
        // Nothing to run here (an empty kind list would mean any kind to the store).
        await sleep(pollMs);
        continue;
      }
      try {
        const now = clock.now();
        claim = await jobs.claim({
          worker: workerId,
          now,
          staleBefore: now - staleMs,
          kinds: [...handlers.keys()],
        });
      } catch (e) {
        if (stopping || halted) return;
        logger.warn({ err: e }, 'job claim failed; retrying');
      }
      if (halted) return;
      if (!claim) {
        await sleep(pollMs);
        continue;
      }
      try {
        await runOne(claim, workerId);
      } catch (e) {
        // The outcome could not be written (the database is away): the claim goes stale and
        // another worker runs the job again. This worker carries on.
        logger.warn({ err: e, job: claim.job.id }, 'job outcome not recorded');
        await sleep(pollMs);
      }
    }
  }

  return {
    nodeId,
    jobs,
    handle(kind, handler) {
      handlers.set(kind, handler);
    },
    start() {
      if (started || workers <= 0) return;
      started = true;
      const queueId = `${nodeId}:${(sequence++).toString(36)}`;
      for (let i = 0; i < workers; i++) loops.push(workerLoop(`${queueId}/${i}`));
    },
    wake: wakeAll,
    async stop() {
      if (stopping) return;
      stopping = true;
      for (const { abort } of active.values())
        abort.abort(new XinzhiError('CONFLICT', 'the node is stopping'));
      wakeAll();
      await Promise.all(loops);
    },
    halt() {
      halted = true;
      stopping = true;
      wakeAll();
    },
    running: () => active.size,
  };
}
