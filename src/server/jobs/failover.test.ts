/**
 * A node SIGKILLed while running a job (a child process on the same PostgreSQL database): the job
 * is taken over by another node once the dead one's heartbeat is stale, and finished once.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../core/index.js';
import { openPostgresStore, type Store } from '../../store/index.js';
import { withTestDatabase } from '../../store/postgres/test-database.fixture.js';
import { until } from './queue.case.js';
import { createJobQueue } from './queue.js';

const KEY = 'cd'.repeat(32);
const fixture = fileURLToPath(new URL('./job-worker.fixture.ts', import.meta.url));

await withTestDatabase('job failover after SIGKILL', (db) => {
  const stores: Store[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
  });
  it('retries the job of a killed node on a surviving node; exactly one success is recorded', async () => {
    const schema = db.schema();
    const store = await openPostgresStore(db.url, { schema, maxConnections: 3, secretKey: { key: KEY } });
    stores.push(store);
    const job = await store.jobs.submit({
      id: 'train-1',
      kind: 'train',
      input: {},
      submitter: {
        kind: 'user',
        id: 1,
        name: 'ann',
        role: 'engineer',
        org: 'default',
        sites: null,
        asset: null,
      },
      maxAttempts: 3,
      createdAt: systemClock.now(),
    });
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, db.url, schema, KEY], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_c, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes(`running ${job.id}`)) resolve();
      });
      child.on('exit', () => reject(new Error(`worker exited early: ${err}`)));
    });
    const running = await until(async () => {
      const j = await store.jobs.get(job.id);
      return j?.progress === 0.3 ? j : undefined;
    }, 'the child to report progress');
    expect(running).toMatchObject({ state: 'running', attempts: 1, message: 'a third' });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const survivor = createJobQueue({
      jobs: store.jobs,
      clock: systemClock,
      logger: silentLogger,
      pollMs: 20,
      heartbeatMs: 50,
      staleMs: 500,
    });
    let runs = 0;
    survivor.handle('train', async () => {
      runs++;
      return { model: 'ok' };
    });
    survivor.start();
    try {
      const done = await until(async () => {
        const j = await store.jobs.get(job.id);
        return j?.state === 'succeeded' ? j : undefined;
      }, 'the survivor to finish the job');
      expect(done).toMatchObject({ attempts: 2, result: { model: 'ok' }, progress: 1 });
      expect(done.worker?.startsWith(survivor.nodeId)).toBe(true);
      expect(done.worker).not.toBe(running.worker);
      expect(runs).toBe(1);
    } finally {
      await survivor.stop();
    }
  });
});
