import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.fixture.js';

const run = (...args: string[]) => runCli(args);

afterEach(() => {
  process.exitCode = 0;
});

describe('xinzhi solve', () => {
  it('prints the seed result as one JSON document', async () => {
    const r = await run('solve', 'examples/seed-production.lp', '--json');
    const j = JSON.parse(r.out);
    expect(j.status).toBe('optimal');
    expect(j.objective).toBeCloseTo(8, 9);
    expect(j.variables).toEqual({ x1: 4, x2: 0, x3: 0 });
    expect(j.duals).toEqual({ c1: 2, c2: 0, c3: 0 });
  });

  it('reports infeasible models and bad files with exit codes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xz-'));
    const f = join(dir, 'inf.lp');
    writeFileSync(f, 'Minimize\n obj: x\nSubject To\n a: x <= 1\n b: x >= 2\nEnd\n');
    const r = await run('solve', f, '--json');
    const j = JSON.parse(r.out);
    expect(j.status).toBe('infeasible');
    expect(j.conflict.constraints.map((c: { name: string }) => c.name).sort()).toEqual(['a', 'b']);
    const bad = join(dir, 'bad.lp');
    writeFileSync(bad, 'Minimize\n obj: x +\nSubject To\n a: x <=\nEnd\n');
    const r2 = await run('solve', bad, '--json');
    expect(r2.code).toBe(2);
    expect(JSON.parse(r2.out).error.message).toMatch(/line 4/);
    const r3 = await run('solve', join(dir, 'missing.mps'), '--json');
    expect(r3.code).toBe(3);
    const r4 = await run('solve', f, '--time-limit', 'abc');
    expect(r4.err).toMatch(/--time-limit must be a number/);
  });
});

describe('xinzhi solve: fixed MPS and exit codes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xz-'));
  // A Netlib-style fixed-format file: names with spaces only the column positions separate.
  const fx = (f1: string, f2: string, f3 = '', f4 = '', f5 = '', f6 = ''): string =>
    ` ${f1.padEnd(2)} ${f2.padEnd(8)}  ${f3.padEnd(8)}  ${f4.padStart(12)}   ${f5.padEnd(8)}  ${f6.padStart(12)}`.trimEnd();
  const fixedMps = [
    'NAME          SPACED',
    'ROWS',
    fx('N', 'COST'),
    fx('L', 'LIM 1'),
    fx('G', 'DEM 2'),
    'COLUMNS',
    fx('', 'DEDO3 11', 'COST', '1.0', 'LIM 1', '1.0'),
    fx('', 'DEDO3 11', 'DEM 2', '1.0'),
    fx('', 'DEDO3 12', 'COST', '2.0', 'LIM 1', '1.0'),
    fx('', 'DEDO3 12', 'DEM 2', '1.0'),
    'RHS',
    fx('', 'RHS', 'LIM 1', '10.0', 'DEM 2', '4.0'),
    'BOUNDS',
    fx('UP', 'BND', 'DEDO3 11', '3.0'),
    'ENDATA',
  ].join('\n');

  it('reads fixed MPS with spaces in names, with and without --mps-format fixed', async () => {
    const f = join(dir, 'spaced.mps');
    writeFileSync(f, fixedMps);
    for (const extra of [[], ['--mps-format', 'fixed']]) {
      const r = await run('solve', f, '--json', ...extra);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.out);
      expect(j.status).toBe('optimal');
      expect(Object.keys(j.variables)).toEqual(['DEDO3 11', 'DEDO3 12']);
      expect(j.objective).toBeCloseTo(3 + 2, 9); // 3 of DEDO3 11 at 1, 1 of DEDO3 12 at 2
    }
    const free = await run('solve', f, '--json', '--mps-format', 'free');
    expect(free.code).toBe(2);
    expect(JSON.parse(free.out).error.message).toMatch(/not a number/);
    expect((await run('solve', f, '--mps-format', 'columns')).code).toBe(2);
  });

  it('exits 3 for infeasible and unbounded models, with a null objective when unbounded', async () => {
    const inf = join(dir, 'inf.lp');
    writeFileSync(inf, 'Minimize\n obj: x\nSubject To\n a: x <= 1\n b: x >= 2\nEnd\n');
    const r1 = await run('solve', inf, '--json');
    expect(r1.code).toBe(3);
    expect(JSON.parse(r1.out).objective).toBeNull();
    const unb = join(dir, 'unb.lp');
    writeFileSync(unb, 'Maximize\n obj: x + y\nSubject To\n r: x - y <= 1\nEnd\n');
    const r2 = await run('solve', unb, '--json');
    expect(r2.code).toBe(3);
    const j = JSON.parse(r2.out);
    expect(j.status).toBe('unbounded');
    expect(j.objective).toBeNull();
    expect((await run('solve', unb)).code).toBe(3);
  });
});

describe('xinzhi queue', () => {
  it('prints a sentence and every quantity with its unit', async () => {
    const r = await run(
      'queue',
      '--model',
      'mmc',
      '--arrival-rate',
      '2',
      '--service-rate',
      '1',
      '--servers',
      '3',
      '--time-unit',
      'min',
    );
    expect(r.code).toBe(0);
    const [first, , ...rows] = r.out.trim().split('\n');
    expect(first).toMatch(
      /^Servers are busy 66\.67 % of the time; an arrival waits 0\.444444 min on average/,
    );
    expect(rows.find((l) => l.startsWith('Wq'))).toMatch(/0\.444444 min\s+average wait in the queue/);
    expect(rows.find((l) => l.startsWith('Pwait'))).toMatch(/44\.44 %/);
    const b = await run('queue', '--model', 'erlangb', '--offered-load', '2', '--servers', '2');
    expect(b.out).toMatch(/^40 % of arrivals find all 2 servers busy and are lost\./);
  });

  it('staffs the call-centre example: 14 on duty, 20 scheduled', async () => {
    const r = await run(
      'queue',
      '--model',
      'mmc',
      '--arrival-rate',
      String(100 / 1800),
      '--service-rate',
      String(1 / 180),
      '--target-service-level',
      '0.8',
      '--answer-time',
      '20',
      '--shrinkage',
      '0.3',
      '--json',
    );
    const j = JSON.parse(r.out);
    expect(j.servers).toBe(14);
    expect(j.scheduled).toBe(20);
  });

  it('computes each model', async () => {
    const mm1 = JSON.parse(
      (await run('queue', '--model', 'mm1', '--arrival-rate', '4', '--service-rate', '5', '--json')).out,
    );
    expect(mm1.L).toBeCloseTo(4, 12);
    const b = JSON.parse(
      (await run('queue', '--model', 'erlangb', '--offered-load', '1', '--servers', '2', '--json')).out,
    );
    expect(b.blocking).toBeCloseTo(0.2, 15);
    const k = JSON.parse(
      (
        await run(
          'queue',
          '--model',
          'mmck',
          '--arrival-rate',
          '3',
          '--service-rate',
          '2',
          '--servers',
          '2',
          '--capacity',
          '5',
          '--json',
        )
      ).out,
    );
    expect(k.PK_block).toBeCloseTo(243 / 2855, 14);
    const g = JSON.parse(
      (
        await run(
          'queue',
          '--model',
          'gg1',
          '--arrival-rate',
          '0.9',
          '--service-rate',
          '1',
          '--cs2',
          '0',
          '--json',
        )
      ).out,
    );
    expect(g.Wq).toBeCloseTo(4.5, 9);
    const bad = await run('queue', '--model', 'mm2', '--json');
    expect(bad.code).toBe(2);
  });
});

describe('xinzhi plan', () => {
  it('solves the example plan and compares', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xz-'));
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    const plan = {
      periods: ['W1', 'W2'],
      products: [{ id: 'A', holdingCost: 1 }],
      lines: [{ id: 'L', hours: 10 }],
      routings: [{ product: 'A', line: 'L', hoursPerUnit: 1, costPerUnit: 2 }],
      demand: { A: [5, 15] },
    };
    writeFileSync(a, JSON.stringify(plan));
    writeFileSync(b, JSON.stringify({ ...plan, name: 'more hours', lines: [{ id: 'L', hours: 15 }] }));
    const one = JSON.parse((await run('plan', a, '--json')).out);
    expect(one.costs.total).toBe(45);
    const cmp = JSON.parse((await run('plan', a, '--compare', b, '--json')).out);
    expect(cmp.costDelta.total).toBe(-5);
    writeFileSync(b, JSON.stringify({ ...plan, demand: { A: [1] } }));
    const bad = await run('plan', b, '--json');
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out).error.message).toMatch(/demand\.A/);
  });

  it('plans whole units with --whole-units and names both plans on the compare line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xz-'));
    const a = join(dir, 'week.json');
    const b = join(dir, 'week-more.json');
    // 10 h at 3 h/unit: the LP makes 3.33 units; whole units make 3 and backlog the rest.
    const plan = {
      name: 'week',
      periods: ['W1', 'W2'],
      products: [{ id: 'A', holdingCost: 1, backlogCost: 50 }],
      lines: [{ id: 'L', hours: 10 }],
      routings: [{ product: 'A', line: 'L', hoursPerUnit: 3, costPerUnit: 2 }],
      demand: { A: [3.5, 2.5] },
    };
    writeFileSync(a, JSON.stringify(plan));
    writeFileSync(b, JSON.stringify({ ...plan, lines: [{ id: 'L', hours: 12 }] }));
    const qty = (doc: { lines: { production: { quantity: number }[] }[] }) =>
      doc.lines.flatMap((l) => l.production.map((p) => p.quantity));
    const lp = JSON.parse((await run('plan', a, '--json')).out);
    expect(qty(lp).some((q) => !Number.isInteger(q))).toBe(true);
    const whole = await run('plan', a, '--whole-units', '--json');
    expect(whole.code).toBe(0);
    const w = JSON.parse(whole.out);
    expect(w.model.integers).toBeGreaterThan(0);
    expect(qty(w).every((q) => Number.isInteger(q))).toBe(true);
    const cmp = await run('plan', a, '--compare', b, '--whole-units');
    expect(cmp.out).toMatch(/'week \(week-more\.json\)' costs .* than 'week \(week\.json\)'/);
  });
});
