/**
 * Conformance suite of the job queue over a store: the SQLite and PostgreSQL stores run it. `open`
 * gives a fresh database, `again` another store (connection) on the database `open` gave last, as a
 * second node (or a restarted process) would have.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, systemClock, XinzhiError } from '../../core/index.js';
import type { JobRecord, JobSubmitter, Store } from '../../store/index.js';
import { createJobQueue, type JobQueue, type JobQueueOptions } from './queue.js';

const logger = createLogger('silent');
const alice: JobSubmitter = {
  kind: 'user',
  id: 1,
  name: 'alice',
  role: 'operator',
  org: 'default',
  sites: null,
  asset: null,
};

/** Polls until `f` holds (a guard against hanging, not a timing assertion). */
export async function until<T>(
  f: () => Promise<T | undefined | false>,
  what: string,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

export interface QueueConformanceOptions {
  readonly open: () => Promise<Store>;
  readonly again: () => Promise<Store>;
}

export function jobQueueConformance(name: string, o: QueueConformanceOptions): void {
  describe(`job queue: ${name}`, () => {
    const queues: JobQueue[] = [];
    const stores: Store[] = [];
    afterEach(async () => {
      for (const q of queues.splice(0)) await q.stop();
      for (const s of stores.splice(0)) await s.close();
    });
    const fast = { pollMs: 10, heartbeatMs: 20, staleMs: 400 } as const;
    const queue = (store: Store, extra: Partial<JobQueueOptions> = {}) => {
      const q = createJobQueue({ jobs: store.jobs, clock: systemClock, logger, ...fast, ...extra });
      queues.push(q);
      return q;
    };
    const first = async () => {
      const s = await o.open();
      stores.push(s);
      return s;
    };
    const second = async () => {
      const s = await o.again();
      stores.push(s);
      return s;
    };
    let n = 0;
    const submit = (store: Store, kind: string, input: unknown = {}) =>
      store.jobs.submit({
        id: `job-${n++}-${Math.random().toString(36).slice(2)}`,
        kind,
        input,
        submitter: alice,
        maxAttempts: 3,
        createdAt: systemClock.now(),
      });
    const settled = (store: Store, id: string) =>
      until(async () => {
        const j = await store.jobs.get(id);
        return j && !['queued', 'running'].includes(j.state) ? j : undefined;
      }, `job ${id} to finish`);

    it('runs a job to its result, writing progress at most once per heartbeat', async () => {
      const store = await first();
      let heartbeats = 0;
      const counted = new Proxy(store.jobs, {
        get(t, p) {
          const v = Reflect.get(t, p, t) as (...a: unknown[]) => unknown;
          if (p === 'heartbeat')
            return (...a: unknown[]) => {
              heartbeats++;
              return v.apply(t, a);
            };
          return typeof v === 'function' ? v.bind(t) : v;
        },
      });
      const q = createJobQueue({ jobs: counted, clock: systemClock, logger, ...fast });
      queues.push(q);
      q.handle('sum', async (input, ctx) => {
        const { upTo } = input as { upTo: number };
        let s = 0;
        for (let i = 1; i <= upTo; i++) {
          s += i;
          ctx.progress(i / upTo, `row ${i}`);
          if (i % 2000 === 0) await new Promise((r) => setTimeout(r, 1));
        }
        return { sum: s };
      });
      q.start();
      const job = await submit(store, 'sum', { upTo: 20_000 });
      q.wake();
      const done = await settled(store, job.id);
      expect(done).toMatchObject({
        state: 'succeeded',
        result: { sum: 200_010_000 },
        progress: 1,
        attempts: 1,
      });
      expect(heartbeats).toBeLessThan(200);
    });

    it('keeps working when an outcome cannot be written; the job runs again and is recorded once', async () => {
      const store = await first();
      let failures = 1;
      const flaky = new Proxy(store.jobs, {
        get(t, p) {
          const v = Reflect.get(t, p, t) as (...a: unknown[]) => unknown;
          if (p === 'finish')
            return (...a: unknown[]) => {
              if (failures-- > 0) return Promise.reject(new Error('connection lost'));
              return v.apply(t, a);
            };
          return typeof v === 'function' ? v.bind(t) : v;
        },
      });
      const q = createJobQueue({ jobs: flaky, clock: systemClock, logger, ...fast });
      queues.push(q);
      let runs = 0;
      q.handle('once', async () => ++runs);
      q.start();
      const job = await submit(store, 'once');
      expect(await settled(store, job.id)).toMatchObject({ state: 'succeeded', attempts: 2, result: 2 });
    });

    it('records a failure naming the field, once, without running the job again', async () => {
      const store = await first();
      const q = queue(store);
      let runs = 0;
      q.handle('bad', async () => {
        runs++;
        throw new XinzhiError('BAD_INPUT', 'orders.0.demand: must be ≥ 0', { field: 'orders.0.demand' });
      });
      q.start();
      const job = await submit(store, 'bad');
      const done = await settled(store, job.id);
      expect(done).toMatchObject({
        state: 'failed',
        attempts: 1,
        error: { code: 'BAD_INPUT', status: 400, field: 'orders.0.demand' },
      });
      expect(runs).toBe(1);
    });

    it('retries a job whose worker died on another queue; exactly one success is recorded', async () => {
      const store = await first();
      const other = await second();
      const dying = queue(store);
      const started = deferred();
      const release = deferred();
      dying.handle('train', async () => {
        started.resolve();
        await release.promise;
        return { by: 'dead worker' };
      });
      dying.start();
      const job = await submit(store, 'train');
      await started.promise;
      expect((await other.jobs.get(job.id))?.state).toBe('running');
      dying.halt();
      const survivor = queue(other);
      survivor.handle('train', async () => ({ by: 'survivor' }));
      survivor.start();
      const done = await settled(other, job.id);
      expect(done).toMatchObject({ state: 'succeeded', attempts: 2, result: { by: 'survivor' } });
      expect(done.worker?.startsWith(survivor.nodeId)).toBe(true);
      // The dead worker's work completing late writes nothing.
      release.resolve();
      await new Promise((r) => setTimeout(r, 50));
      expect(await store.jobs.get(job.id)).toMatchObject({ result: { by: 'survivor' }, attempts: 2 });
    });

    it('never runs one job in two queues at once, and runs every job once', async () => {
      const store = await first();
      const other = await second();
      const running = new Set<string>();
      const runs = new Map<string, number>();
      let overlap = 0;
      const handler = async (_: unknown, ctx: { job: JobRecord }) => {
        if (running.has(ctx.job.id)) overlap++;
        running.add(ctx.job.id);
        runs.set(ctx.job.id, (runs.get(ctx.job.id) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 5));
        running.delete(ctx.job.id);
        return null;
      };
      const jobs: JobRecord[] = [];
      for (let i = 0; i < 16; i++) jobs.push(await submit(store, 'work'));
      for (const s of [store, other]) {
        const q = queue(s, { workers: 2 });
        q.handle('work', handler);
        q.start();
      }
      for (const j of jobs) expect((await settled(store, j.id)).state).toBe('succeeded');
      expect(overlap).toBe(0);
      expect([...runs.values()]).toEqual(jobs.map(() => 1));
    });

    it('cancels a running job: its handler is aborted and the job stays cancelled', async () => {
      const store = await first();
      const q = queue(store);
      const started = deferred();
      let aborted = false;
      q.handle('long', async (_, ctx) => {
        started.resolve();
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        aborted = true;
        return 'too late';
      });
      q.start();
      const job = await submit(store, 'long');
      await started.promise;
      await store.jobs.cancel(job.id, systemClock.now());
      await until(async () => aborted, 'the handler to see the cancel');
      await new Promise((r) => setTimeout(r, 50));
      expect(await store.jobs.get(job.id)).toMatchObject({ state: 'cancelled', result: null });
    });

    it('a stopping node puts its running job back; a restarted queue runs it', async () => {
      const store = await first();
      const q = queue(store);
      const started = deferred();
      q.handle('long', async (_, ctx) => {
        started.resolve();
        await new Promise<void>((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)),
        );
      });
      q.start();
      const job = await submit(store, 'long');
      await started.promise;
      await q.stop();
      expect(await store.jobs.get(job.id)).toMatchObject({ state: 'queued', attempts: 0 });
      const restarted = queue(await second());
      restarted.handle('long', async () => 'done');
      restarted.start();
      expect(await settled(store, job.id)).toMatchObject({ state: 'succeeded', result: 'done', attempts: 1 });
    });
  });
}
