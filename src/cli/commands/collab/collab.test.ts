import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xz-collab-'));
const db = join(dir, 'x.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xinzhi collab agree / verify', () => {
  it('the partners sign a nucleolus split; verify re-computes it offline; a tampered bundle fails', async () => {
    for (const o of ['A', 'B', 'C'])
      expect((await runCli(['ledger', 'org', 'create', o, '--db', db])).code).toBe(0);
    const game = join(dir, 'g.json');
    writeFileSync(
      game,
      JSON.stringify({
        players: ['A', 'B', 'C'],
        kind: 'profit',
        v: { 'A,B': 0, 'A,C': 100, 'B,C': 200, 'A,B,C': 300 },
      }),
    );
    const out = join(dir, 'bundle.json');
    const a = await runCli(['collab', 'agree', game, '--method', 'nucleolus', '--out', out, '--db', db]);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toMatch(/signed by A, B, C/);
    const v = await runCli(['collab', 'verify', out, '--json']);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.out)).toMatchObject({ valid: true, recomputed: { A: 50, B: 100, C: 150 } });
    const b = JSON.parse(readFileSync(out, 'utf8'));
    b.agreement.allocation.A = 60;
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(b));
    const f = await runCli(['collab', 'verify', bad]);
    expect(f.code).toBe(1);
    expect(f.err).toMatch(/agreement\.hash/);
  });

  it('refuses an unknown method, a file that is not JSON, and a partner the ledger does not know', async () => {
    const notJson = join(dir, 'x.json');
    writeFileSync(notJson, '{');
    expect((await runCli(['collab', 'verify', notJson])).code).toBe(2);
    const game = join(dir, 'g2.json');
    writeFileSync(game, JSON.stringify({ players: ['Q', 'R'], kind: 'cost', v: { Q: 1, R: 1, 'Q,R': 1.5 } }));
    expect((await runCli(['collab', 'agree', game, '--method', 'owen', '--db', db])).code).toBe(2);
    expect((await runCli(['collab', 'agree', game, '--method', 'shapley', '--db', db])).code).toBe(3);
  });
});

describe('xinzhi collab delivery / capacity', () => {
  it('capacity: the example prints the table, the core and sentences; --json carries the Owen shares', async () => {
    const r = await runCli(['collab', 'capacity', 'examples/collab-capacity.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Owen \(shadow prices\): A receives ¥2,400/);
    const j = JSON.parse(
      (await runCli(['collab', 'capacity', 'examples/collab-capacity.json', '--json'])).out,
    );
    expect(j.allocations.map((a: { method: string }) => a.method)).toEqual(['shapley', 'nucleolus', 'owen']);
  });

  it('delivery: routes every coalition of the example; bad flags and files are refused', async () => {
    const r = await runCli([
      'collab',
      'delivery',
      'examples/collab-delivery.json',
      '--iterations',
      '100',
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).coalitions).toHaveLength(7);
    expect(
      (await runCli(['collab', 'delivery', 'examples/collab-delivery.json', '--iterations', '0'])).code,
    ).toBe(2);
    const bad = join(dir, 'd.json');
    writeFileSync(bad, JSON.stringify({ depot: [0, 0], capacity: 1, shippers: [] }));
    const b = await runCli(['collab', 'delivery', bad]);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/shippers/);
  });
});
