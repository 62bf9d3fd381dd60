import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../store/index.js';
import { OPERATOR_ANN } from '../../../store/job-submitter.fixture.js';
import { runCli } from '../../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-jobs-cli-'));
const db = join(dir, 'jobs.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xinzhi jobs', () => {
  it('lists, shows and cancels jobs recorded in the store', async () => {
    const store = await openSqliteStore(db);
    for (const [id, at] of [
      ['a', 1000],
      ['b', 2000],
    ] as const)
      await store.jobs.submit({
        id,
        kind: 'delivery-plan',
        input: { n: 1 },
        submitter: OPERATOR_ANN,
        maxAttempts: 3,
        createdAt: at,
      });
    const c = await store.jobs.claim({ worker: 'w', now: 3000, staleBefore: 0 });
    await store.jobs.finish(
      c!,
      { state: 'failed', error: { message: 'too big', field: 'orders.0.demand' } },
      3100,
    );
    await store.close();

    const list = await runCli(['jobs', 'list', '--db', db, '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out).jobs.map((j: { id: string; state: string }) => [j.id, j.state])).toEqual([
      ['b', 'queued'],
      ['a', 'failed'],
    ]);
    const failed = await runCli(['jobs', 'list', '--db', db, '--state', 'failed']);
    expect(failed.out).toMatch(/^a {2}delivery-plan/);
    const show = await runCli(['jobs', 'show', 'a', '--db', db]);
    expect(show.out).toContain('error orders.0.demand: too big');
    const cancel = await runCli(['jobs', 'cancel', 'b', '--db', db, '--json']);
    expect(JSON.parse(cancel.out)).toEqual({ id: 'b', state: 'cancelled' });
    expect((await runCli(['jobs', 'cancel', 'b', '--db', db])).code).not.toBe(0);
  });

  it('refuses a bad state and an unknown job', async () => {
    const bad = await runCli(['jobs', 'list', '--db', db, '--state', 'sleeping']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--state must be one of/);
    const missing = await runCli(['jobs', 'show', 'nope', '--db', db]);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/no job 'nope'/);
  });
});
