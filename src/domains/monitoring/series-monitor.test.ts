import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlarmService } from '../../analytics/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createSeriesMonitor } from './series-monitor.js';

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(() => store.close());

const T0 = Date.UTC(2024, 0, 1);
const STEP = 60_000;

describe('series monitor', () => {
  it('turns a detector alert and a threshold breach into alarms, and a silent series into a missing-data alarm', async () => {
    const sent: string[] = [];
    const alarms = createAlarmService({
      store,
      notify: async (t) => void sent.push(`${t.kind}:${t.alarm.condition}`),
    });
    const monitor = createSeriesMonitor({
      alarms,
      rulesFor: () => [
        { kind: 'threshold', id: 'limit', severity: 'major', high: 90 },
        { kind: 'missing', id: 'silent', severity: 'warning', afterMs: 10 * STEP },
      ],
    });
    const points = Array.from({ length: 1500 }, (_, i) => ({
      ts: T0 + i * STEP,
      value: 50 + 5 * Math.sin(i / 30) + ((i * 7919) % 11) / 11 + (i === 1200 ? 60 : 0),
    }));
    await monitor.onPoints('plant/oven/temp', points);
    const open = await alarms.list({ open: true });
    expect(open.map((a) => a.condition).sort()).toEqual(['anomaly', 'limit:high']);
    expect(open.find((a) => a.condition === 'limit:high')?.state).toBe('returned-unacknowledged');
    await monitor.tick(T0 + 1500 * STEP + 11 * STEP);
    expect((await alarms.list({ open: true })).map((a) => a.condition)).toContain('silent');
    expect(sent).toContain('raised:silent');
    expect(monitor.watched).toBe(1);
  });

  it('holds the gauge rules of an equipment while its state is off or idle (designed suppression)', async () => {
    const alarms = createAlarmService({ store });
    const monitor = createSeriesMonitor({ alarms });
    const temp = 'm/bearing_temp';
    await monitor.configure(temp, [{ kind: 'threshold', id: 'limit', severity: 'major', high: 60 }], T0, {
      series: 'm/state',
      values: [0, 2],
    });
    expect(monitor.isSuppressor('m/state')).toBe(true);
    // Idle (2) for 10 min with the bearing reading hot (a machine cooling down), then running (1).
    const state = (i: number): number => (i < 10 ? 2 : i < 20 ? 1 : 0);
    const pts = Array.from({ length: 30 }, (_, i) => ({
      ts: T0 + i * STEP,
      value: i < 5 || i >= 15 ? 70 : 50,
    }));
    await monitor.onPoints(
      'm/state',
      pts.map((p, i) => ({ ts: p.ts, value: state(i) })),
    );
    await monitor.onPoints(temp, pts.slice(0, 10));
    expect(await alarms.list({ open: true })).toEqual([]);
    // Running: a breach raises; the machine stops (off) while it is active: marked suppressed.
    await monitor.onPoints(temp, pts.slice(10, 30));
    const [a] = await alarms.list({ open: true });
    expect(a).toMatchObject({ key: `${temp}|limit:high`, raisedAt: T0 + 15 * STEP, suppressed: true });
    // After a restart with the machine running again, the record is no longer flagged.
    const restarted = createSeriesMonitor({ alarms });
    await restarted.configure(temp, [{ kind: 'threshold', id: 'limit', severity: 'major', high: 60 }], T0, {
      series: 'm/state',
      values: [0, 2],
    });
    await restarted.onPoints('m/state', [{ ts: T0 + 40 * STEP, value: 1 }]);
    await restarted.onPoints(temp, [{ ts: T0 + 40 * STEP, value: 70 }]);
    expect(await alarms.get(`${temp}|limit:high`)).toMatchObject({
      suppressed: false,
      state: 'unacknowledged',
    });
  });
});
