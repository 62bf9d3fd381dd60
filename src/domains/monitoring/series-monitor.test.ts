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
});
