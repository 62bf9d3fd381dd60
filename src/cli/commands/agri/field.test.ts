import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { provisionFarmFields, seedFarmHistory } from '../../../demo/index.js';
import { openSqliteStore } from '../../../store/index.js';
import { buildProgram } from '../../main.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-agri-field-'));
const db = join(dir, 'farm.db');

async function run(...args: string[]): Promise<{ out: string; code: number }> {
  let out = '';
  process.exitCode = 0;
  const program = buildProgram({
    stdout: (t) => {
      out += `${t}\n`;
    },
    stderr: () => {},
  });
  program.exitOverride();
  await program.parseAsync(['node', 'xinzhi', ...args]);
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, code };
}

beforeAll(async () => {
  const store = await openSqliteStore(db);
  const end = Date.now();
  await seedFarmHistory(store, {
    start: Math.floor((end - 40 * 86_400_000) / 3_600_000) * 3_600_000,
    end,
    intervalMs: 30 * 60_000,
  });
  await provisionFarmFields(store, end);
  await store.close();
}, 30_000);

describe('xinzhi agri irrigate --field / field / pests (store-fed)', () => {
  it('plans a demo field from the stored weather and soil moisture', async () => {
    const r = await run(
      'agri',
      'irrigate',
      '--field',
      'farm1/field-a',
      '--days',
      '5',
      '--method',
      'greedy',
      '--db',
      db,
      '--json',
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.history).toHaveLength(14);
    expect(doc.days).toHaveLength(5);
    expect(doc.forecast.method).toBe('persistence');
    expect(doc.history[0].taw).toBeCloseTo((0.36 - 0.135) * 300, 6);
    expect(doc.history.every((d: { estimated: string[] }) => d.estimated.length === 0)).toBe(true);
  });

  it('raises the pest alarm once, and names bad settings and unknown fields', async () => {
    const first = JSON.parse(
      (await run('agri', 'pests', '--field', 'farm1/field-a', '--db', db, '--json')).out,
    );
    expect(first.raised).toHaveLength(1);
    expect(first.raised[0].severity).toBe('critical');
    const again = JSON.parse(
      (await run('agri', 'pests', '--field', 'farm1/field-a', '--db', db, '--json')).out,
    );
    expect(again.raised).toHaveLength(0);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ crop: 'barley' }));
    const r = await run(
      'agri',
      'field',
      'set',
      '--field',
      'farm1/field-a',
      '--file',
      bad,
      '--db',
      db,
      '--json',
    );
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error.message).toContain('soil');
    expect((await run('agri', 'irrigate', '--field', 'farm1/nope', '--db', db, '--json')).code).toBe(3);
    expect((await run('agri', 'irrigate', '--db', db, '--json')).code).toBe(2);
  });
});
