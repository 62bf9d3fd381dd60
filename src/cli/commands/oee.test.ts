import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MACHINE_STATE as S } from '../../domains/manufacturing/machine-state.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { runCli } from '../run-cli.fixture.js';
import { oeeWindow } from './oee.js';

const run = (...args: string[]) => runCli(args, { newline: false });
const dir = mkdtempSync(join(tmpdir(), 'xinzhi-oee-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const H = 3_600_000;
const T0 = Date.UTC(2024, 5, 1, 6);
const db = join(dir, 'plant.db');
const LINE = 'f1/assembly/line1';

/**
 * One shift, 06:00–14:00 on 2024-06-01. cnc-01 (ideal cycle 10 s) runs 6 h then is down 2 h, makes
 * 1,800 parts of which 90 scrap: availability 6/8 = 75 %, performance 10 s × 1800 / 6 h = 83.3 %,
 * quality 1710/1800 = 95 %, OEE 59.4 %. cnc-02 (20 s) runs all 8 h and makes 1,440 parts, none
 * scrapped: 100 % × 100 % × 100 %.
 */
beforeAll(async () => {
  const store = await openSqliteStore(db);
  await store.upsertAsset({ id: LINE, kind: 'line', name: 'Line 1' });
  const machine = async (name: string, ict: number, pts: Record<string, Array<[number, number]>>) => {
    const id = `${LINE}/${name}`;
    await store.upsertAsset({ id, name, attributes: { idealCycleTimeS: ict } });
    for (const [metric, values] of Object.entries(pts)) {
      await store.upsertSeries({ assetId: id, metric, unit: metric === 'state' ? '1' : '{parts}' });
      await store.writePoints(
        values.map(([h, value]) => ({ seriesId: `${id}/${metric}`, ts: T0 + Math.round(h * H), value })),
      );
    }
  };
  // State is sampled every minute: a machine silent for 5 minutes counts as unknown time.
  const states = (until: (h: number) => number) =>
    Array.from({ length: 8 * 60 + 1 }, (_, i): [number, number] => [i / 60, until(i / 60)]);
  await machine('cnc-01', 10, {
    state: states((h) => (h < 6 ? S.RUN : h < 8 ? S.DOWN : S.OFF)),
    parts_total: [
      [0, 0],
      [6, 1800],
      [8, 1800],
    ],
    scrap_total: [
      [0, 0],
      [8, 90],
    ],
  });
  await machine('cnc-02', 20, {
    state: states((h) => (h < 8 ? S.RUN : S.OFF)),
    parts_total: [
      [0, 0],
      [8, 1440],
    ],
  });
  await store.close();
});

const shift = ['--from', '2024-06-01T06:00:00Z', '--to', '2024-06-01T14:00:00Z'];

describe('xinzhi oee', () => {
  it('prints availability, performance, quality and OEE per machine and line (ISO 22400)', async () => {
    const r = await run('oee', ...shift, '--db', db, '--json');
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out);
    expect(rep.lines).toHaveLength(1);
    const [m1, m2] = rep.lines[0].machines;
    expect(m1).toMatchObject({ id: `${LINE}/cnc-01`, pq: 1800, gq: 1710, apt: 6 * H, pbt: 8 * H });
    expect(m1.availability).toBeCloseTo(0.75, 9);
    expect(m1.effectiveness).toBeCloseTo((10 * 1800) / (6 * 3600), 9);
    expect(m1.quality).toBeCloseTo(0.95, 9);
    expect(m1.oee).toBeCloseTo(0.75 * (5 / 6) * 0.95, 9);
    expect(m2.oee).toBeCloseTo(1, 9);
    const text = await run('oee', ...shift, '--db', db);
    expect(text.out).toMatch(/cnc-01\s+75\.0%\s+83\.3%\s+95\.0%\s+59\.4%\s+1800\s+1710\s+6\.00 h of 8\.00 h/);
  });
  it('--asset narrows to one machine (no line figures) and --day takes the whole UTC day', async () => {
    const one = JSON.parse(
      (await run('oee', '--asset', `${LINE}/cnc-02`, ...shift, '--db', db, '--json')).out,
    );
    expect(one.lines[0]).toMatchObject({ id: LINE, group: null });
    expect(one.lines[0].machines.map((m: { id: string }) => m.id)).toEqual([`${LINE}/cnc-02`]);
    const day = JSON.parse((await run('oee', '--day', '2024-06-01', '--db', db, '--json')).out);
    expect(day.from).toBe(Date.UTC(2024, 5, 1));
    expect(day.lines[0].machines[0].pq).toBe(1800);
  });
  it('refuses bad windows (2), unknown assets (3) and assets without OEE data (3)', async () => {
    for (const args of [
      ['--window', 'a while'],
      ['--from', 'yesterday'],
      ['--from', '2024-06-02T00:00:00Z', '--to', '2024-06-01T00:00:00Z'],
      ['--day', '2024-13-45'],
      ['--day', '1 June'],
      ['--day', '2024-06-01', '--from', '2024-06-01T00:00:00Z'],
    ]) {
      const r = await run('oee', ...args, '--db', db, '--json');
      expect(r.code, args.join(' ')).toBe(2);
      expect(JSON.parse(r.out).error.code).toBe('BAD_INPUT');
    }
    expect((await run('oee', '--asset', 'f1/ghost', ...shift, '--db', db)).code).toBe(3);
    expect((await run('oee', '--asset', `${LINE}/cnc-01/state`, ...shift, '--db', db)).code).toBe(3);
  });
  it('oeeWindow defaults to the last 8 hours', () => {
    expect(oeeWindow({ window: '8h' }, 10 * H)).toEqual({ from: 2 * H, to: 10 * H });
  });
});
