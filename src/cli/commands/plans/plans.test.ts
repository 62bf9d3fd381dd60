import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_PLAN } from '../../../domains/manufacturing/index.js';
import { runCli } from '../../run-cli.fixture.js';
import { parseSet } from './shared.js';

const run = (...args: string[]) => runCli(args, { newline: false });
const dir = mkdtempSync(join(tmpdir(), 'xinzhi-plans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const db = join(dir, 'plant.db');
let baseId = '';
let baseTotal = 0;

/** The furniture workshop of docs/planning.md, stored as the planning page would. */
beforeAll(async () => {
  const file = join(dir, 'workshop.json');
  writeFileSync(file, JSON.stringify(EXAMPLE_PLAN));
  const r = await run('plans', 'create', file, '--name', 'June plan', '--db', db, '--json');
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.out);
  baseId = doc.id;
  baseTotal = doc.result.costs.total;
  expect(doc.result.status).toBe('optimal');
}, 60_000);

describe('xinzhi plans', () => {
  it('lists and shows stored plans', async () => {
    const list = JSON.parse((await run('plans', 'list', '--db', db, '--json')).out);
    expect(list.plans[0]).toMatchObject({
      id: baseId,
      name: 'June plan',
      status: 'optimal',
      totalCost: baseTotal,
    });
    const show = await run('plans', 'show', baseId, '--db', db);
    expect(show.code).toBe(0);
    expect(show.out).toMatch(/^p\w+ {2}June plan/);
    expect(show.out).toMatch(/L1 +W1 /);
  });
  it('whatif stores a second plan compared with the base: more demand costs more', async () => {
    const r = await run(
      'plans',
      'whatif',
      baseId,
      '--set',
      'demand.chair=*1.5',
      '--set',
      'demand.table@W2=+10',
      '--db',
      db,
      '--json',
    );
    expect(r.code).toBe(0);
    const wi = JSON.parse(r.out);
    expect(wi.parent).toBe(baseId);
    expect(wi.scenario).toEqual({
      demand: [
        { product: 'chair', factor: 1.5 },
        { product: 'table', period: 'W2', delta: 10 },
      ],
    });
    expect(wi.comparison.base).toBe(baseId);
    expect(wi.comparison.costDelta.total).toBeGreaterThan(0);
    expect(wi.result.costs.total).toBeCloseTo(baseTotal + wi.comparison.costDelta.total, 2);
    const list = JSON.parse((await run('plans', 'list', '--db', db, '--json')).out);
    expect(list.plans.map((p: { id: string }) => p.id)).toContain(wi.id);
    const text = await run(
      'plans',
      'whatif',
      baseId,
      '--set',
      'hours.L1=+40',
      '--name',
      'overtime shift',
      '--db',
      db,
    );
    expect(text.out).toMatch(/overtime shift/);
    expect(text.out).toMatch(new RegExp(`compared with ${baseId}: `));
  }, 60_000);
  it('refuses malformed changes (2), unknown lines, products and periods (2), and unknown plans (3)', async () => {
    for (const set of [
      'demand.chair',
      'price.chair=1',
      'demand.chair=lots',
      'demand.chair=-',
      'demand.chair=*-1',
      'demand.chair=-5x',
    ]) {
      const r = await run('plans', 'whatif', baseId, '--set', set, '--db', db, '--json');
      expect(r.code, set).toBe(2);
      expect(JSON.parse(r.out).error.field).toBe('--set');
    }
    expect((await run('plans', 'whatif', baseId, '--db', db)).code).toBe(2);
    for (const set of ['hours.L9=+8', 'demand.sofa=+1', 'demand.chair@W9=+1'])
      expect((await run('plans', 'whatif', baseId, '--set', set, '--db', db)).code, set).toBe(2);
    expect((await run('plans', 'show', 'p-nope', '--db', db)).code).toBe(3);
    expect((await run('plans', 'whatif', 'p-nope', '--set', 'demand.chair=+1', '--db', db)).code).toBe(3);
    expect((await run('plans', 'list', '--limit', '0', '--db', db)).code).toBe(2);
    const empty = join(dir, 'empty.yaml');
    writeFileSync(empty, '');
    expect((await run('plans', 'create', empty, '--db', db)).code).toBe(2);
    expect((await run('plans', 'create', join(dir, 'missing.yaml'), '--db', db)).code).toBe(3);
  }, 60_000);
  it('parseSet reads set, add and scale', () => {
    expect(parseSet('demand.P1=120').change).toEqual({ product: 'P1', factor: 0, delta: 120 });
    expect(parseSet('hours.L2@W3=-8')).toEqual({
      kind: 'hours',
      change: { line: 'L2', period: 'W3', delta: -8 },
    });
    expect(parseSet('demand.P1=x0.9').change).toEqual({ product: 'P1', factor: 0.9 });
  });
});
