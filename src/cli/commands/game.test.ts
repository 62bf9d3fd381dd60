import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xz-game-'));
let k = 0;
const file = (doc: unknown): string => {
  const p = join(dir, `g${k++}.json`);
  writeFileSync(p, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return p;
};
const glove = {
  players: ['L', 'R1', 'R2'],
  kind: 'profit',
  v: { 'L,R1': 1, 'R2, L': 1, 'R1,R2': 0, 'L,R1,R2': 1 },
};

describe('xinzhi game solve', () => {
  it('--json prints exactly the four contract keys (glove game)', async () => {
    const r = await runCli(['game', 'solve', file(glove), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['shapley', 'nucleolus', 'core_empty', 'least_core_epsilon']);
    expect(j.shapley.L).toBeCloseTo(2 / 3, 12);
    expect(j.shapley.R1).toBeCloseTo(1 / 6, 12);
    expect(j.nucleolus).toEqual({ L: 1, R1: 0, R2: 0 });
    expect(j.core_empty).toBe(false);
    expect(j.least_core_epsilon).toBe(0);
  });

  it('Talmud estate 200: a bankruptcy game file gives 50/75/75', async () => {
    const v = { A: 0, B: 0, C: 0, 'A,B': 0, 'A,C': 0, 'B,C': 100, 'A,B,C': 200 };
    const r = await runCli([
      'game',
      'solve',
      file({ players: ['A', 'B', 'C'], kind: 'profit', v }),
      '--json',
    ]);
    expect(JSON.parse(r.out).nucleolus).toEqual({ A: 50, B: 75, C: 75 });
  });

  it('cost game: cost shares, and --explain lists each coalition with what it pays and whether it blocks', async () => {
    const doc = {
      players: ['甲厂', '乙厂', 'C'],
      kind: 'cost',
      v: { 甲厂: 10, 乙厂: 10, C: 10, '甲厂,乙厂': 15, '甲厂,C': 15, '乙厂,C': 15, '甲厂,乙厂,C': 18 },
    };
    const j = JSON.parse((await runCli(['game', 'solve', file(doc), '--json', '--explain'])).out);
    expect(j.nucleolus).toEqual({ 甲厂: 6, 乙厂: 6, C: 6 });
    expect(j.least_core_epsilon).toBe(-3);
    expect(j.coalitions).toHaveLength(7);
    expect(j.coalitions.find((c: { coalition: string }) => c.coalition === '甲厂,乙厂')).toMatchObject({
      value: 15,
      nucleolus: 12,
      nucleolusExcess: -3,
      nucleolusBlocks: false,
    });
    const text = (await runCli(['game', 'solve', file(doc), '--explain'])).out;
    expect(text).toContain('cost share');
    // Width-aware: the two-column-wide names line up with the ASCII one.
    const rows = text.split('\n').filter((l) => /^ {2}(甲厂|乙厂|C) /.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u4e00-\u9fff]/.test(ch) ? 2 : 1), 0);
    expect(new Set(rows.slice(0, 3).map(width)).size).toBe(1);
  });

  it('majority game: core empty, ε = 1/3', async () => {
    const v = { 'A,B': 1, 'A,C': 1, 'B,C': 1, 'A,B,C': 1 };
    const j = JSON.parse(
      (await runCli(['game', 'solve', file({ players: ['A', 'B', 'C'], kind: 'profit', v }), '--json'])).out,
    );
    expect(j.core_empty).toBe(true);
    expect(j.least_core_epsilon).toBeCloseTo(1 / 3, 9);
  });

  it.each([
    [{ ...glove, players: ['L', 'R1', 'L'] }, 'players[2]'],
    [{ ...glove, v: { ...glove.v, 'L,X': 1 } }, 'v["L,X"]'],
    [{ ...glove, v: { ...glove.v, 'R1,L': 1 } }, 'v["R1,L"]'],
    [{ ...glove, v: { 'L,R1': 1, 'L,R2': 1, 'L,R1,R2': 1 } }, 'v["R1,R2"]'],
    ['{"players":["A","B"],"kind":"profit","v":{"A,B":1e999}}', 'v["A,B"]'],
    ['{"players":', 'game.json'],
    ['{"players":["A","B"],"kind":"profit","v":{"A,B":1,"A,B":2}}', 'v["A,B"]'],
    [{ ...glove, kind: 'cost' }, 'v["L"]'],
    [{ players: Array.from({ length: 17 }, (_, i) => `P${i}`), kind: 'profit', v: {} }, 'v["P0,P1"]'],
  ])('refuses hostile file %#: exit 2 and the field named', async (doc, field) => {
    const r = await runCli(['game', 'solve', file(doc), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error.field).toBe(field);
  });

  it('refuses a file over 16 MiB before reading it', async () => {
    const big = file('{}');
    truncateSync(big, 16 * 1024 * 1024 + 1);
    const r = await runCli(['game', 'solve', big, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error).toMatchObject({
      field: 'game.json',
      message: expect.stringMatching(/at most 16777216 bytes/),
    });
  });

  it('refuses more than 16 players for the nucleolus, and a missing file is exit 3', async () => {
    const players = Array.from({ length: 17 }, (_, i) => `P${i}`);
    const v: Record<string, number> = {};
    for (let m = 1; m < 1 << 17; m++)
      if (m & (m - 1)) v[players.filter((_, i) => m & (1 << i)).join(',')] = 1;
    const r = await runCli(['game', 'solve', file({ players, kind: 'profit', v }), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error).toMatchObject({
      field: 'players',
      message: expect.stringMatching(/limited to 16 players/),
    });
    expect((await runCli(['game', 'solve', join(dir, 'nope.json')])).code).toBe(3);
  });
});
