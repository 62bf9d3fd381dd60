import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createAlarmService } from '../../../analytics/index.js';
import type { Store } from '../../../store/index.js';
import { inSqliteFile, runCli } from '../../run-cli.fixture.js';

const run = (...args: string[]) => runCli(args, { newline: false });
const dir = mkdtempSync(join(tmpdir(), 'xinzhi-alarms-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
let db = '';
const OVEN = 'plant1/line1/oven/temp';
const HOT = `${OVEN}|high`;
const PUMP = 'plant1/line2/pump/flow|missing';
const PRESS = 'plant1/line1/press/force|stuck';

const inStore = <T>(fn: (s: Store) => Promise<T>): Promise<T> => inSqliteFile(db, fn);

/** Three alarms raised a minute ago: the oven is too hot, the pump is silent; the press one cleared. */
beforeEach(async () => {
  db = join(dir, `a${++n}.db`);
  await inStore(async (store) => {
    await store.upsertSeries({ assetId: 'plant1/line1/oven', metric: 'temp', unit: 'Cel', maxValue: 400 });
    const alarms = createAlarmService({ store });
    const ts = Date.now() - 60_000;
    await alarms.apply({
      type: 'raise',
      source: OVEN,
      condition: 'high',
      severity: 'major',
      message: 'oven above 250 °C',
      value: 262,
      ts,
    });
    await alarms.apply({
      type: 'raise',
      source: 'plant1/line2/pump/flow',
      condition: 'missing',
      severity: 'warning',
      message: 'no data for 10 min',
      ts,
    });
    await alarms.apply({
      type: 'raise',
      source: 'plant1/line1/press/force',
      condition: 'stuck',
      severity: 'minor',
      message: 'stuck',
      ts,
    });
    await alarms.apply({ type: 'clear', source: 'plant1/line1/press/force', condition: 'stuck', ts: ts + 1 });
    await alarms.apply({ type: 'ack', key: PRESS, user: 'user:ann', ts: ts + 2 });
  });
});

describe('xinzhi alarms list', () => {
  it('shows the active alarms by default, filters by state and asset, and counts them', async () => {
    const r = await run('alarms', 'list', '--db', db);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${HOT}  major  unacknowledged  oven above 250 °C [262]`);
    expect(r.out).toContain('2 active alarms');
    const line1 = JSON.parse(
      (await run('alarms', 'list', '--asset', 'plant1/line1', '--state', 'all', '--db', db, '--json')).out,
    );
    expect(line1.alarms.map((a: { key: string }) => a.key).sort()).toEqual([PRESS, HOT].sort());
    expect(
      JSON.parse((await run('alarms', 'list', '--state', 'closed', '--db', db, '--json')).out).total,
    ).toBe(1);
    expect((await run('alarms', 'list', '--asset', 'plant1/line', '--db', db)).out).toBe('no active alarms');
  });
  it('refuses an unknown state (2) and a missing database (3)', async () => {
    expect((await run('alarms', 'list', '--state', 'burning', '--db', db)).code).toBe(2);
    expect((await run('alarms', 'list', '--db', join(dir, 'nope.db'))).code).toBe(3);
  });
});

describe('xinzhi alarms ack / shelve / unshelve', () => {
  it('acknowledges as the CLI user and records it in the audit log with the note', async () => {
    const r = await run('alarms', 'ack', HOT, '--note', 'door left open', '--db', db, '--json');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out);
    expect(a).toMatchObject({ key: HOT, state: 'acknowledged' });
    expect(a.ackedBy).toMatch(/^cli:/);
    const audit = await inStore((s) => s.listAudit({ action: 'alarm.ack' }));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: 'cli', target: HOT, comment: 'door left open' });
    expect(
      JSON.parse((await run('alarms', 'list', '--state', 'acked', '--db', db, '--json')).out).total,
    ).toBe(1);
  });
  it('shelves for a duration (hidden from active), and unshelves', async () => {
    const before = Date.now();
    const r = await run(
      'alarms',
      'shelve',
      PUMP,
      '--for',
      '2h',
      '--reason',
      'pump out for service',
      '--db',
      db,
      '--json',
    );
    expect(r.code).toBe(0);
    const until = JSON.parse(r.out).shelvedUntil as number;
    expect(until).toBeGreaterThanOrEqual(before + 2 * 3_600_000);
    expect(until).toBeLessThan(before + 2 * 3_600_000 + 60_000);
    expect((await run('alarms', 'list', '--db', db)).out).not.toContain(PUMP);
    expect((await run('alarms', 'list', '--state', 'shelved', '--db', db)).out).toContain(PUMP);
    expect((await run('alarms', 'unshelve', PUMP, '--db', db)).code).toBe(0);
    expect((await run('alarms', 'list', '--db', db)).out).toContain(PUMP);
    expect((await inStore((s) => s.listAudit({ action: 'alarm.' }))).map((x) => x.action)).toEqual([
      'alarm.unshelve',
      'alarm.shelve',
    ]);
  });
  it('refuses bad durations (2) and unknown alarms (3), changing nothing', async () => {
    for (const d of ['soon', '0m', '8d', '-1h', '']) {
      const r = await run('alarms', 'shelve', PUMP, '--for', d, '--db', db, '--json');
      expect(r.code, d).toBe(2);
      expect(JSON.parse(r.out).error.field).toBe('--for');
    }
    expect((await run('alarms', 'shelve', PUMP, '--db', db)).code).toBe(2);
    expect((await run('alarms', 'ack', 'ghost|high', '--db', db)).code).toBe(3);
    expect((await run('alarms', 'unshelve', 'ghost|high', '--db', db)).code).toBe(3);
    expect(await inStore((s) => s.listAudit({ action: 'alarm.' }))).toEqual([]);
  });
});

describe('xinzhi alarms rules', () => {
  it('adds a threshold, lists what applies, removes it again, with audit lines', async () => {
    const add = await run(
      'alarms',
      'rules',
      'add',
      OVEN,
      'threshold',
      '--high',
      '250',
      '--deadband',
      '5',
      '--severity',
      'major',
      '--db',
      db,
      '--json',
    );
    expect(add.code).toBe(0);
    expect(JSON.parse(add.out).effective.threshold).toEqual({ high: 250, deadband: 5, severity: 'major' });
    await run('alarms', 'rules', 'add', OVEN, 'stuck', '--off', '--db', db);
    const list = await run('alarms', 'rules', 'list', OVEN, '--db', db);
    expect(list.out).toContain('threshold {"high":250,"deadband":5,"severity":"major"}  (set)');
    expect(list.out).toContain('stuck     off  (set)');
    expect((await run('alarms', 'rules', 'remove', OVEN, 'threshold', '--db', db)).code).toBe(0);
    expect((await run('alarms', 'rules', 'remove', OVEN, 'threshold', '--db', db)).code).toBe(3);
    const v = JSON.parse((await run('alarms', 'rules', 'list', OVEN, '--db', db, '--json')).out);
    expect(v.overrides).toEqual({ stuck: null });
    const audit = await inStore((s) => s.listAudit({ action: 'series.alarm-rules' }));
    expect(audit).toHaveLength(3);
    expect(audit[0]).toMatchObject({ target: OVEN, after: { stuck: null } });
  });
  it('refuses what the API refuses, with exit 2, and unknown series with 3', async () => {
    const bad: string[][] = [
      ['threshold'],
      ['threshold', '--high', '250', '--low', '300'],
      ['threshold', '--high', 'hot'],
      ['threshold', '--high', '250', '--severity', 'loud'],
      ['rate', '--max-per-second', '-2'],
      ['stuck', '--for', '500ms'],
      ['stuck', '--high', '5', '--for', '1h'],
      ['missing', '--after', 'later'],
      ['threshold', '--off', '--high', '1'],
      ['boiling'],
    ];
    for (const args of bad) {
      const r = await run('alarms', 'rules', 'add', OVEN, ...args, '--db', db, '--json');
      expect(r.code, args.join(' ')).toBe(2);
      expect(JSON.parse(r.out).error.code).toBe('BAD_INPUT');
    }
    expect((await run('alarms', 'rules', 'list', 'ghost/x', '--db', db)).code).toBe(3);
    expect((await run('alarms', 'rules', 'add', 'ghost/x', 'anomaly', '--db', db)).code).toBe(3);
    expect(
      JSON.parse((await run('alarms', 'rules', 'list', OVEN, '--db', db, '--json')).out).overrides,
    ).toEqual({});
  });
});
