/**
 * Conformance suite of JobStore: the SQLite and PostgreSQL stores run it with their own factory.
 * Times are given explicitly, so staleness is tested without waiting.
 */
import { describe, expect, it } from 'vitest';
import type { JobStore, JobSubmitter } from './job-store.js';

const alice: JobSubmitter = {
  kind: 'user',
  id: 1,
  name: 'alice',
  role: 'operator',
  org: 'default',
  sites: ['a'],
  asset: null,
};

export function jobStoreConformance(name: string, open: () => Promise<JobStore>): void {
  const submit = (s: JobStore, id: string, at: number, extra: Partial<{ kind: string; org: string }> = {}) =>
    s.submit({
      id,
      kind: extra.kind ?? 'delivery-plan',
      input: { n: at },
      submitter: { ...alice, org: extra.org ?? 'default' },
      maxAttempts: 2,
      createdAt: at,
    });

  describe(`JobStore conformance: ${name}`, () => {
    it('records a submitted job with its input, payload and submitter; lists newest first with filters', async () => {
      const s = await open();
      const j = await s.submit({
        id: 'j1',
        kind: 'import',
        input: { format: 'csv', name: 'a.csv' },
        payload: Buffer.from('time,value\n1,2\n'),
        submitter: alice,
        maxAttempts: 3,
        createdAt: 100,
      });
      expect(j).toMatchObject({
        id: 'j1',
        kind: 'import',
        state: 'queued',
        input: { format: 'csv', name: 'a.csv' },
        payloadBytes: 15,
        progress: 0,
        attempts: 0,
        maxAttempts: 3,
        result: null,
        error: null,
        submitter: alice,
        createdAt: 100,
        startedAt: null,
        worker: null,
      });
      expect((await s.payload('j1'))?.toString()).toBe('time,value\n1,2\n');
      await submit(s, 'j2', 200);
      await submit(s, 'j3', 300, { org: 'acme' });
      expect((await s.list()).map((x) => x.id)).toEqual(['j3', 'j2', 'j1']);
      expect((await s.list({ org: 'default' })).map((x) => x.id)).toEqual(['j2', 'j1']);
      expect((await s.list({ kind: 'import' })).map((x) => x.id)).toEqual(['j1']);
      expect((await s.list({ state: 'running' })).map((x) => x.id)).toEqual([]);
      expect((await s.list({ limit: 1 })).map((x) => x.id)).toEqual(['j3']);
      expect(await s.get('nope')).toBeUndefined();
      expect(await s.payload('j2')).toBeUndefined();
      // The upload is dropped once the job has ended; its size stays on the record.
      await s.cancel('j1', 400);
      expect(await s.payload('j1')).toBeUndefined();
      expect((await s.get('j1'))?.payloadBytes).toBe(15);
    });

    it('claims the oldest queued job once, records progress and one outcome', async () => {
      const s = await open();
      await submit(s, 'b', 20);
      await submit(s, 'a', 10);
      const c = await s.claim({ worker: 'w1', now: 1000, staleBefore: 0 });
      expect(c).toMatchObject({ worker: 'w1', attempt: 1, job: { id: 'a', state: 'running', attempts: 1 } });
      const c2 = await s.claim({ worker: 'w2', now: 1000, staleBefore: 0 });
      expect(c2?.job.id).toBe('b');
      expect(await s.claim({ worker: 'w3', now: 1000, staleBefore: 0 })).toBeUndefined();
      expect(await s.heartbeat(c!, 1100, { fraction: 0.5, message: 'half way' })).toBe(true);
      expect(await s.get('a')).toMatchObject({ progress: 0.5, message: 'half way', heartbeatAt: 1100 });
      expect(await s.finish(c!, { state: 'succeeded', result: { plan: 'p1' } }, 1200)).toBe(true);
      expect(await s.get('a')).toMatchObject({
        state: 'succeeded',
        progress: 1,
        result: { plan: 'p1' },
        message: null,
        finishedAt: 1200,
      });
      // A second outcome for the same claim changes nothing.
      expect(await s.finish(c!, { state: 'failed', error: { message: 'late' } }, 1300)).toBe(false);
      expect((await s.get('a'))?.state).toBe('succeeded');
      const err = { message: 'orders.0.demand: too big', field: 'orders.0.demand', status: 400 };
      expect(await s.finish(c2!, { state: 'failed', error: err }, 1300)).toBe(true);
      expect(await s.get('b')).toMatchObject({ state: 'failed', error: err });
    });

    it('claims only the kinds asked for', async () => {
      const s = await open();
      await submit(s, 'x', 1, { kind: 'import' });
      await submit(s, 'y', 2, { kind: 'production-plan' });
      const c = await s.claim({ worker: 'w', now: 10, staleBefore: 0, kinds: ['production-plan'] });
      expect(c?.job.id).toBe('y');
      expect(await s.claim({ worker: 'w', now: 10, staleBefore: 0, kinds: ['rul-train'] })).toBeUndefined();
    });

    it('gives a job whose worker stopped heart-beating to another worker and fences the old one out', async () => {
      const s = await open();
      await submit(s, 'j', 1);
      const dead = (await s.claim({ worker: 'dead', now: 100, staleBefore: 0 }))!;
      // Not stale yet: nobody else takes it.
      expect(await s.claim({ worker: 'w2', now: 150, staleBefore: 50 })).toBeUndefined();
      const taken = (await s.claim({ worker: 'w2', now: 1000, staleBefore: 500 }))!;
      expect(taken).toMatchObject({ worker: 'w2', attempt: 2, job: { id: 'j', attempts: 2 } });
      expect(await s.heartbeat(dead, 1001)).toBe(false);
      expect(await s.finish(dead, { state: 'succeeded', result: 'old' }, 1002)).toBe(false);
      expect(await s.finish(taken, { state: 'succeeded', result: 'new' }, 1003)).toBe(true);
      expect(await s.get('j')).toMatchObject({
        state: 'succeeded',
        result: 'new',
        worker: 'w2',
        attempts: 2,
      });
    });

    it('fails a job abandoned on its last attempt instead of running it again', async () => {
      const s = await open();
      await submit(s, 'j', 1);
      await s.claim({ worker: 'a', now: 100, staleBefore: 0 });
      await s.claim({ worker: 'b', now: 1000, staleBefore: 500 });
      expect(await s.claim({ worker: 'c', now: 5000, staleBefore: 4000 })).toBeUndefined();
      expect(await s.get('j')).toMatchObject({
        state: 'failed',
        attempts: 2,
        error: { code: 'JOB_ABANDONED' },
        finishedAt: 5000,
      });
    });

    it('releases a claim back to the queue without counting the attempt', async () => {
      const s = await open();
      await submit(s, 'j', 1);
      const c = (await s.claim({ worker: 'a', now: 100, staleBefore: 0 }))!;
      expect(await s.release(c)).toBe(true);
      expect(await s.get('j')).toMatchObject({ state: 'queued', attempts: 0 });
      expect((await s.claim({ worker: 'b', now: 200, staleBefore: 0 }))?.attempt).toBe(1);
    });

    it('cancels queued and running jobs; a cancelled job is not claimed and its worker is told', async () => {
      const s = await open();
      await submit(s, 'q', 1);
      await submit(s, 'r', 0);
      const c = (await s.claim({ worker: 'w', now: 10, staleBefore: 0 }))!;
      expect(c.job.id).toBe('r');
      expect(await s.cancel('q', 20)).toMatchObject({ state: 'cancelled', finishedAt: 20 });
      expect(await s.cancel('r', 21)).toMatchObject({ state: 'cancelled' });
      expect(await s.heartbeat(c, 22)).toBe(false);
      expect(await s.finish(c, { state: 'succeeded', result: 1 }, 23)).toBe(false);
      expect(await s.claim({ worker: 'w', now: 10_000, staleBefore: 9000 })).toBeUndefined();
      expect((await s.get('r'))?.state).toBe('cancelled');
      // Cancelling a finished job changes nothing.
      expect(await s.cancel('r', 30)).toMatchObject({ state: 'cancelled', finishedAt: 21 });
      expect(await s.cancel('nope', 30)).toBeUndefined();
    });

    it('hands each of many concurrent claims a different job', async () => {
      const s = await open();
      for (let i = 0; i < 8; i++) await submit(s, `j${i}`, i);
      const claims = await Promise.all(
        Array.from({ length: 10 }, (_, i) => s.claim({ worker: `w${i}`, now: 100, staleBefore: 0 })),
      );
      const ids = claims.flatMap((c) => (c ? [c.job.id] : []));
      expect(ids.length).toBe(8);
      expect(new Set(ids).size).toBe(8);
    });
  });
}
