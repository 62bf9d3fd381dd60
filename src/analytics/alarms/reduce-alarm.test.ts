import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alarm, AlarmCommand } from './alarm.js';
import { reduceAlarm } from './reduce-alarm.js';

const raise = (ts: number, severity: 'minor' | 'major' | 'critical' = 'major'): AlarmCommand => ({
  type: 'raise',
  source: 'line1/oven/temp',
  condition: 'hi:high',
  severity,
  message: 'too hot',
  value: 250,
  ts,
});
const clear = (ts: number): AlarmCommand => ({
  type: 'clear',
  source: 'line1/oven/temp',
  condition: 'hi:high',
  ts,
});
const KEY = 'line1/oven/temp|hi:high';

function run(cmds: AlarmCommand[]): { alarm: Alarm | undefined; kinds: string[]; notified: string[] } {
  let a: Alarm | undefined;
  const kinds: string[] = [];
  const notified: string[] = [];
  for (const c of cmds) {
    const r = reduceAlarm(a, c);
    a = r.alarm;
    for (const t of r.transitions) {
      kinds.push(t.kind);
      if (t.notify) notified.push(t.kind);
    }
  }
  return { alarm: a, kinds, notified };
}

describe('alarm lifecycle (ISA-18.2)', () => {
  it('raise → ack → clear closes', () => {
    const r = run([raise(1), { type: 'ack', key: KEY, user: 'ana', ts: 2 }, clear(3)]);
    expect(r.kinds).toEqual(['raised', 'acknowledged', 'closed']);
    expect(r.alarm).toMatchObject({ state: 'normal', ackedBy: 'ana', clearedAt: 3 });
  });
  it('raise → clear returns to normal unacknowledged; ack then closes', () => {
    const r = run([raise(1), clear(2)]);
    expect(r.alarm?.state).toBe('returned-unacknowledged');
    const r2 = run([raise(1), clear(2), { type: 'ack', key: KEY, user: 'bo', ts: 3 }]);
    expect(r2.kinds).toEqual(['raised', 'returned', 'closed']);
    expect(r2.alarm?.state).toBe('normal');
  });
  it('deduplicates repeats of an active condition; escalation re-alarms', () => {
    const r = run([
      raise(1),
      raise(2),
      raise(3),
      { type: 'ack', key: KEY, user: 'a', ts: 4 },
      raise(5, 'critical'),
    ]);
    expect(r.kinds).toEqual(['raised', 'repeated', 'repeated', 'acknowledged', 'raised']);
    expect(r.alarm).toMatchObject({ repeats: 3, severity: 'critical', state: 'unacknowledged' });
  });
  it('shelving silences notifications until it expires, then pages again if still open', () => {
    const r = run([
      raise(1),
      { type: 'shelve', key: KEY, user: 'a', until: 100, ts: 2 },
      raise(3, 'critical'),
      { type: 'tick', ts: 50 },
      { type: 'tick', ts: 100 },
    ]);
    expect(r.kinds).toEqual(['raised', 'shelved', 'raised', 'unshelved']);
    expect(r.notified).toEqual(['raised', 'shelved', 'unshelved']);
    expect(r.alarm?.shelvedUntil).toBeNull();
  });
  it('suppression by design records but does not page', () => {
    const r = run([raise(1), clear(2), { type: 'suppress', key: KEY, on: true, ts: 3 }, raise(4), clear(5)]);
    expect(r.notified).toEqual(['raised', 'returned', 'suppressed']);
    expect(r.alarm?.suppressed).toBe(true);
  });
  it('any command sequence keeps the state consistent', () => {
    const cmd = fc.oneof(
      fc.constant<AlarmCommand>(raise(0)),
      fc.constant<AlarmCommand>(clear(0)),
      fc.constant<AlarmCommand>({ type: 'ack', key: KEY, user: 'u', ts: 0 }),
      fc.constant<AlarmCommand>({ type: 'shelve', key: KEY, user: 'u', until: 10, ts: 0 }),
      fc.constant<AlarmCommand>({ type: 'unshelve', key: KEY, ts: 0 }),
      fc.boolean().map<AlarmCommand>((on) => ({ type: 'suppress', key: KEY, on, ts: 0 })),
    );
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 40 }), (cmds) => {
        const seq = cmds.map((c, i) => ({ ...c, ts: i + 1 }) as AlarmCommand);
        const { alarm } = run(seq);
        if (!alarm) return;
        expect(alarm.key).toBe(KEY);
        if (alarm.state === 'acknowledged') expect(alarm.ackedAt).not.toBeNull();
        if (alarm.state === 'returned-unacknowledged') expect(alarm.clearedAt).not.toBeNull();
        expect(alarm.repeats).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
