import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKillRounds } from '../../bench/ingest/mqtt-kill.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SIGKILL during QoS 1 ingest', () => {
  it('loses no acknowledged point across kills and restarts on the same database', async () => {
    const r = await runKillRounds({ db: join(dir, 'kill.db'), rounds: 2, clients: 4, killAfterMs: 400 });
    expect(r.acked).toBeGreaterThan(0);
    expect(r.lost).toBe(0);
    expect(r.stored).toBe(r.acked);
  }, 60_000);
});
