import { describe, expect, it } from 'vitest';
import { type AlarmEventLike, alarmKpis } from './alarm-kpis.js';

const H = 3_600_000;
const M = 60_000;
const ev = (ts: number, kind: string, key: string, extra: Record<string, unknown> = {}): AlarmEventLike => ({
  ts,
  kind: `alarm.${kind}`,
  severity: 'major',
  data: { key, source: key.split('|')[0], condition: key.split('|')[1], ...extra },
});

describe('alarmKpis', () => {
  it('rates, the busiest 10 minutes, bad actors and chattering on a hand-made history', () => {
    const events: AlarmEventLike[] = [];
    // A chattering alarm: 4 activations within 50 s.
    for (let i = 0; i < 4; i++)
      events.push(
        ev(H + i * 12_000, 'raised', 'a/v|limit:high'),
        ev(H + i * 12_000 + 6000, 'returned', 'a/v|limit:high'),
      );
    // A steady one, once an hour, and a flood of 11 different alarms in 5 minutes.
    for (let h = 0; h < 10; h++)
      events.push(ev(h * H + 30 * M, 'raised', 'b/v|missing'), ev(h * H + 31 * M, 'returned', 'b/v|missing'));
    for (let i = 0; i < 11; i++)
      events.push(
        ev(5 * H + i * 27_000, 'raised', `c${i}/v|stuck`),
        ev(5 * H + 20 * M, 'returned', `c${i}/v|stuck`),
      );
    const k = alarmKpis({ events, from: 0, to: 10 * H });
    expect(k.annunciated).toBe(25);
    expect(k.perHour).toBeCloseTo(2.5);
    expect(k.peak10Min.count).toBe(11);
    expect(k.peak10Min.at).toBe(5 * H);
    expect(k.floods.intervals).toBe(1);
    expect(k.topBadActors.slice(0, 2).map((a) => [a.key, a.count])).toEqual([
      ['b/v|missing', 10],
      ['a/v|limit:high', 4],
    ]);
    expect(k.topBadActors).toHaveLength(10);
    expect(k.chattering).toEqual([{ key: 'a/v|limit:high', maxPerMinute: 4, count: 4 }]);
    expect(k.meets).toEqual({ perHour: true, peak10Min: false, noChattering: false });
    // Per console: two consoles share the load.
    expect(alarmKpis({ events, from: 0, to: 10 * H, consoles: 2 }).perHour).toBeCloseTo(1.25);
  });

  it('standing (> 1 h, stale > 24 h) and shelved alarms at the end of the window, silenced raises apart', () => {
    const events = [
      ev(-30 * H, 'raised', 'old/v|missing'), // raised before the window, never cleared: stale
      ev(2 * H, 'raised', 'mid/v|limit:low'),
      ev(2 * H + 5 * M, 'raised', 'mid/v|limit:low'), // escalation: same episode
      ev(9 * H + 30 * M, 'raised', 'new/v|limit:high'), // active 30 min: not standing yet
      ev(3 * H, 'raised', 'gone/v|stuck'),
      ev(4 * H, 'returned', 'gone/v|stuck'),
      ev(5 * H, 'shelved', 'gone/v|stuck', { shelvedUntil: 20 * H, shelvedBy: 'ana' }),
      ev(6 * H, 'raised', 'gone/v|stuck', { notify: false }), // shelved: recorded, not annunciated
      ev(1 * H, 'shelved', 'exp/v|stuck', { shelvedUntil: 2 * H, shelvedBy: 'bo' }),
      ev(3 * H, 'suppressed', 'sup/v|limit:high'),
      ev(3 * H + M, 'raised', 'sup/v|limit:high'),
    ];
    const k = alarmKpis({ events, from: 0, to: 10 * H });
    expect(k.standing.map((s) => [s.key, s.stale, s.since])).toEqual([
      ['old/v|missing', true, -30 * H],
      ['mid/v|limit:low', false, 2 * H],
      ['sup/v|limit:high', false, 3 * H + M],
      ['gone/v|stuck', false, 6 * H],
    ]);
    expect(k.shelved).toEqual([{ key: 'gone/v|stuck', since: 5 * H, until: 20 * H, by: 'ana' }]);
    expect(k.silenced).toBe(2);
    expect(k.annunciated).toBe(4);
  });

  it('refuses an empty window', () => {
    expect(() => alarmKpis({ events: [], from: 5, to: 5 })).toThrow(/from < to/);
  });
});
