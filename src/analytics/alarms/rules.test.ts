import { describe, expect, it } from 'vitest';
import type { AlarmCommand } from './alarm.js';
import { type AlarmRule, evaluatePoint, evaluateTick, initialRuleState } from './rules.js';

function feed(rule: AlarmRule, pts: [number, number, boolean?][]): AlarmCommand[] {
  const st = initialRuleState();
  return pts.flatMap(([ts, value, alert]) =>
    evaluatePoint(rule, st, 's', { ts, value, ...(alert === undefined ? {} : { alert }) }),
  );
}
const kinds = (c: AlarmCommand[]): string[] => c.map((x) => `${x.type}@${x.ts}`);

describe('alarm rules', () => {
  it('threshold with deadband does not chatter', () => {
    const r: AlarmRule = { kind: 'threshold', id: 't', severity: 'major', high: 100, deadband: 5 };
    expect(
      kinds(
        feed(r, [
          [1, 99],
          [2, 101],
          [3, 99],
          [4, 102],
          [5, 94],
        ]),
      ),
    ).toEqual(['raise@2', 'clear@5']);
  });
  it('on- and off-delays: a brief excursion or dip changes nothing, a held one does', () => {
    const r: AlarmRule = {
      kind: 'threshold',
      id: 't',
      severity: 'major',
      high: 100,
      deadband: 5,
      onDelayMs: 10,
      offDelayMs: 30,
    };
    const values: [number, number][] = [
      [0, 101], // beyond for 5 ms only
      [5, 99],
      [10, 102], // beyond from 10 …
      [15, 103],
      [20, 104], // … raised at 20 (held 10 ms)
      [30, 90], // a dip between cycles: 10 ms
      [40, 104],
      [50, 90], // back inside from 50 …
      [60, 91],
      [80, 92], // … cleared at 80 (held 30 ms)
    ];
    expect(kinds(feed(r, values))).toEqual(['raise@20', 'clear@80']);
  });
  it('low limit', () => {
    const r: AlarmRule = { kind: 'threshold', id: 't', severity: 'minor', low: 10 };
    const c = feed(r, [
      [1, 12],
      [2, 9],
      [3, 11],
    ]);
    expect(c.map((x) => (x.type === 'raise' || x.type === 'clear' ? x.condition : ''))).toEqual([
      't:low',
      't:low',
    ]);
  });
  it('rate of change per second', () => {
    const r: AlarmRule = { kind: 'rate', id: 'r', severity: 'warning', maxPerSecond: 1 };
    expect(
      kinds(
        feed(r, [
          [0, 0],
          [1000, 0.5],
          [2000, 5],
          [3000, 5.2],
        ]),
      ),
    ).toEqual(['raise@2000', 'clear@3000']);
  });
  it('stuck sensor after the time limit, cleared when it moves', () => {
    const r: AlarmRule = { kind: 'stuck', id: 'k', severity: 'minor', forMs: 3000, tolerance: 0.01 };
    expect(
      kinds(
        feed(r, [
          [0, 5],
          [1000, 5],
          [2000, 5.001],
          [3000, 5],
          [4000, 5],
          [5000, 6],
        ]),
      ),
    ).toEqual(['raise@3000', 'clear@5000']);
  });
  it('missing data on clock ticks, cleared by the next point', () => {
    const r: AlarmRule = { kind: 'missing', id: 'm', severity: 'major', afterMs: 60_000 };
    const st = initialRuleState();
    evaluatePoint(r, st, 's', { ts: 0, value: 1 });
    expect(evaluateTick(r, st, 's', 30_000)).toEqual([]);
    expect(kinds(evaluateTick(r, st, 's', 61_000))).toEqual(['raise@61000']);
    expect(evaluateTick(r, st, 's', 90_000)).toEqual([]);
    expect(kinds(evaluatePoint(r, st, 's', { ts: 95_000, value: 1 }))).toEqual(['clear@95000']);
  });
  it('a stuck rule ignores values resting at the floor or ceiling (machine off, saturated)', () => {
    const r: AlarmRule = { kind: 'stuck', id: 'k', severity: 'minor', forMs: 2000, floor: 0, ceiling: 100 };
    const pts: [number, number][] = [0, 1000, 2000, 3000, 4000].map((t) => [t, 0]);
    expect(feed(r, pts)).toEqual([]);
    expect(
      feed(
        r,
        pts.map(([t]) => [t, 100]),
      ),
    ).toEqual([]);
    expect(
      kinds(
        feed(
          r,
          pts.map(([t]) => [t, 42]),
        ),
      ),
    ).toEqual(['raise@2000']);
  });
  it('a gap shown by the data raises at its start and clears at the point that ends it', () => {
    const r: AlarmRule = { kind: 'missing', id: 'm', severity: 'major', afterMs: 60_000 };
    expect(
      kinds(
        feed(r, [
          [0, 1],
          [30_000, 1],
          [200_000, 1],
          [210_000, 1],
        ]),
      ),
    ).toEqual(['raise@90000', 'clear@200000']);
  });
  it('detector alerts raise, then clear after quiet points', () => {
    const r: AlarmRule = { kind: 'anomaly', id: 'a', severity: 'major', clearAfter: 2 };
    expect(
      kinds(
        feed(r, [
          [1, 0, false],
          [2, 0, true],
          [3, 0, false],
          [4, 0, true],
          [5, 0, false],
          [6, 0, false],
        ]),
      ),
    ).toEqual(['raise@2', 'clear@6']);
  });
});
