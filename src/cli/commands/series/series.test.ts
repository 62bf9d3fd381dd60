import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { MONITOR_CONFIG_NS } from '../../../domains/monitoring/index.js';
import type { Store } from '../../../store/index.js';
import { openSqliteStore } from '../../../store/sqlite/index.js';
import { inSqliteFile, runCli } from '../../run-cli.fixture.js';

const run = (...args: string[]) => runCli(args, { newline: false });
const dir = mkdtempSync(join(tmpdir(), 'xinzhi-series-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2024, 5, 1);
let n = 0;
let db = '';
const OVEN = 'plant1/oven/temp';

/** A database with one oven temperature series in °C: 120 readings a minute apart, 20.0 … 31.9. */
beforeEach(async () => {
  db = join(dir, `s${++n}.db`);
  const store = await openSqliteStore(db);
  await store.upsertSeries({
    assetId: 'plant1/oven',
    metric: 'temp',
    unit: 'Cel',
    minValue: -10,
    maxValue: 300,
  });
  await store.writePoints(
    Array.from({ length: 120 }, (_, i) => ({ seriesId: OVEN, ts: T0 + i * 60_000, value: 20 + i / 10 })),
  );
  await store.addQuarantine([
    {
      importId: 7,
      source: 'csv',
      location: 'oven.csv:5',
      raw: 'x',
      reasons: [{ code: 'X', message: 'bad' }],
      seriesId: OVEN,
      ts: T0,
    },
  ]);
  await store.putDoc(MONITOR_CONFIG_NS, OVEN, { threshold: { high: 250, severity: 'major' } });
  await store.close();
});

const inStore = <T>(fn: (s: Store) => Promise<T>): Promise<T> => inSqliteFile(db, fn);

describe('xinzhi series create', () => {
  it('creates a series with a UCUM unit from an alias, and its asset', async () => {
    const r = await run(
      'series',
      'create',
      'plant1/press/pressure',
      '--unit',
      'psi',
      '--max',
      '150',
      '--db',
      db,
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ id: 'plant1/press/pressure', unit: '[psi]', maxValue: 150 });
    expect(await inStore((s) => s.getAsset('plant1/press'))).toBeDefined();
  });
  it('refuses an existing id (5), an unknown unit (2), a bad id (2) and a missing --unit (2)', async () => {
    expect((await run('series', 'create', OVEN, '--unit', 'Cel', '--db', db)).code).toBe(5);
    const badUnit = await run('series', 'create', 'plant1/x/y', '--unit', 'furlongs', '--db', db, '--json');
    expect(badUnit.code).toBe(2);
    expect(JSON.parse(badUnit.out).error.message).toMatch(/unknown unit "furlongs"/);
    expect((await run('series', 'create', 'noslash', '--unit', 'Cel', '--db', db)).code).toBe(2);
    expect((await run('series', 'create', 'a/b', '--db', db)).code).toBe(2);
    expect(
      (await run('series', 'create', 'a/b', '--unit', 'Cel', '--interval', 'often', '--db', db)).code,
    ).toBe(2);
    expect(await inStore((s) => s.listSeries())).toHaveLength(1);
  });
});

describe('xinzhi series set --unit', () => {
  it('converts stored points, rollups and limits from °C to °F in one step', async () => {
    const r = await run('series', 'set', OVEN, '--unit', '[degF]', '--db', db);
    expect(r.code).toBe(0);
    expect(r.out).toContain('converted 120 points and their rollups from Cel to [degF]');
    expect(r.out).toContain('range 14..572 [degF]');
    const pts = await inStore((s) => s.queryPoints(OVEN, { from: T0, to: T0 + 2 * 3_600_000 }));
    expect(pts[0]!.value).toBeCloseTo(68, 9);
    expect(pts[119]!.value).toBeCloseTo(31.9 * 1.8 + 32, 9);
    const hours = await inStore((s) =>
      s.queryBuckets(OVEN, { from: T0, to: T0 + 2 * 3_600_000, bucketMs: 3_600_000, source: '1h' }),
    );
    // The first hour is 20.0 … 25.9 °C: mean 22.95 °C = 73.31 °F.
    expect(hours.buckets[0]!.avg).toBeCloseTo(73.31, 9);
    expect(hours.buckets[0]!.max).toBeCloseTo(25.9 * 1.8 + 32, 9);
  });
  it('--json reports the conversion; kPa to bar style scale changes work too', async () => {
    await inStore(async (s) => {
      await s.upsertSeries({ assetId: 'p/pump', metric: 'p', unit: 'kPa' });
      await s.writePoints([{ seriesId: 'p/pump/p', ts: T0, value: 250 }]);
    });
    const r = await run('series', 'set', 'p/pump/p', '--unit', 'bar', '--db', db, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      unit: 'bar',
      conversion: { from: 'kPa', to: 'bar', points: 1 },
    });
    expect((await inStore((s) => s.queryPoints('p/pump/p', { from: T0, to: T0 + 1 })))[0]!.value).toBeCloseTo(
      2.5,
      12,
    );
  });
  it('refuses a unit of another quantity or an unknown one, changing nothing', async () => {
    const r = await run('series', 'set', OVEN, '--unit', 'kPa', '--db', db, '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error.message).toMatch(/different quantities; nothing was changed/);
    expect((await run('series', 'set', OVEN, '--unit', 'bananas', '--db', db)).code).toBe(2);
    expect((await run('series', 'set', OVEN, '--unit', ' ', '--db', db)).code).toBe(2);
    expect((await run('series', 'set', 'ghost/x', '--unit', 'K', '--db', db)).code).toBe(3);
    expect((await inStore((s) => s.getSeries(OVEN)))?.unit).toBe('Cel');
    expect((await inStore((s) => s.queryPoints(OVEN, { from: T0, to: T0 + 1 })))[0]!.value).toBe(20);
  });
});

describe('xinzhi series rename', () => {
  it('moves points, quarantine rows and alarm rules to the new id', async () => {
    const r = await run('series', 'rename', OVEN, 'plant1/oven1/temperature', '--db', db);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`renamed ${OVEN} to plant1/oven1/temperature`);
    await inStore(async (s) => {
      expect(await s.getSeries(OVEN)).toBeUndefined();
      expect((await s.pointStats('plant1/oven1/temperature')).count).toBe(120);
      expect(await s.countQuarantine({ seriesId: 'plant1/oven1/temperature' })).toBe(1);
      expect(await s.getDoc(MONITOR_CONFIG_NS, 'plant1/oven1/temperature')).toMatchObject({
        threshold: { high: 250 },
      });
      expect(await s.getDoc(MONITOR_CONFIG_NS, OVEN)).toBeUndefined();
    });
  });
  it('refuses a rename onto an existing id (5), from an unknown id (3), to a bad id (2)', async () => {
    await inStore((s) => s.upsertSeries({ assetId: 'plant1/oven', metric: 'humidity', unit: '%' }));
    const onto = await run('series', 'rename', OVEN, 'plant1/oven/humidity', '--db', db, '--json');
    expect(onto.code).toBe(5);
    expect(JSON.parse(onto.out).error.message).toMatch(/already exists/);
    expect((await run('series', 'rename', 'ghost/x', 'ghost/y', '--db', db)).code).toBe(3);
    expect((await run('series', 'rename', OVEN, 'a//b', '--db', db)).code).toBe(2);
    expect((await run('series', 'rename', OVEN, 'flat', '--db', db)).code).toBe(2);
    expect((await inStore((s) => s.pointStats(OVEN))).count).toBe(120);
  });
});

describe('xinzhi series delete', () => {
  it('refuses without --yes, saying how many points would go, and deletes with it', async () => {
    const no = await run('series', 'delete', OVEN, '--db', db, '--json');
    expect(no.code).toBe(2);
    expect(JSON.parse(no.out).error.message).toMatch(/removes its 120 stored points .* --yes/);
    expect(await inStore((s) => s.getSeries(OVEN))).toBeDefined();
    const yes = await run('series', 'delete', OVEN, '--yes', '--db', db);
    expect(yes.code).toBe(0);
    expect(yes.out).toBe(`deleted ${OVEN} and its 120 points`);
    await inStore(async (s) => {
      expect(await s.getSeries(OVEN)).toBeUndefined();
      expect(await s.getDoc(MONITOR_CONFIG_NS, OVEN)).toBeUndefined();
    });
    expect((await run('series', 'delete', OVEN, '--yes', '--db', db)).code).toBe(3);
  });
  it('a mistyped --db is NOT_FOUND (3), not a new empty database', async () => {
    expect((await run('series', 'delete', OVEN, '--yes', '--db', join(dir, 'typo.db'))).code).toBe(3);
  });
});
