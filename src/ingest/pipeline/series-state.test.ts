import { describe, expect, it } from 'vitest';
import type { Series } from '../../core/index.js';
import { createRng } from '../../core/index.js';
import { resolveIngestOptions } from '../options.js';
import { type SeriesEvent, SeriesState } from './series-state.js';

const series = (over: Partial<Series> = {}): Series => ({
  id: 'a/m/v',
  assetId: 'a/m',
  metric: 'v',
  unit: '1',
  description: '',
  minValue: null,
  maxValue: null,
  retentionDays: null,
  expectedIntervalMs: 60_000,
  signal: 'gauge',
  createdAt: 0,
  ...over,
});

/** Feeds minute-sampled values and returns the stuck events. */
function stuckEvents(values: readonly number[]): SeriesEvent[] {
  const st = new SeriesState(series(), 0, resolveIngestOptions({}));
  const events: SeriesEvent[] = [];
  values.forEach((v, i) => {
    st.observe(i * 60_000, v, events);
  });
  return events.filter((e) => e.kind === 'stuck');
}

describe('stuck runs against the series own repeat rate', () => {
  const rng = createRng(7);
  const noisy = (n: number, level: number, sd: number) =>
    Array.from({ length: n }, () => Math.round((level + rng.normal(0, sd)) * 10) / 10);

  it('does not call a healthy quantised series stuck (a press resting at 2 bar, working at 25/175)', () => {
    const values: number[] = [];
    for (let day = 0; day < 3; day++) {
      values.push(...noisy(480, 2, 0.02)); // night: 2 bar, 0.1 bar resolution
      for (let cycle = 0; cycle < 16; cycle++) {
        values.push(...noisy(50, 25, 0.25)); // working
        values.push(...noisy(10, 2, 0.02)); // a short stop
      }
    }
    expect(stuckEvents(values)).toEqual([]);
  });

  it('does not call a step-like series stuck (a van load that changes only at stops)', () => {
    const values: number[] = [];
    let load = 800;
    for (let stop = 0; stop < 40; stop++) {
      const hold = 20 + Math.floor(rng.next() * 40); // 20–60 min between stops
      for (let i = 0; i < hold; i++) values.push(load);
      load = Math.round((load - 10 - rng.next() * 30) * 10) / 10;
    }
    expect(stuckEvents(values)).toEqual([]);
  });

  it('keeps quiet when the sampling switches from a minute (history) to 5 s (live)', () => {
    const st = new SeriesState(series(), 0, resolveIngestOptions({}));
    const events: SeriesEvent[] = [];
    let ts = 0;
    let load = 900;
    for (let stop = 0; stop < 60; stop++) {
      const live = stop >= 40;
      const step = live ? 5000 : 60_000;
      const end = ts + (20 + Math.floor(rng.next() * 40)) * 60_000; // 20–60 min between stops
      for (; ts < end; ts += step) st.observe(ts, load, events);
      load = Math.round((load - 5 - rng.next() * 10) * 10) / 10;
    }
    expect(events.filter((e) => e.kind === 'stuck')).toEqual([]);
  });

  it('does not call small integer cycling stuck (values 1–4 with long holds)', () => {
    const values: number[] = [];
    for (let i = 0; i < 3000; i++) values.push(1 + (Math.floor(i / (25 + (i % 7))) % 4));
    expect(stuckEvents(values)).toEqual([]);
  });

  it('catches a noisy gauge that freezes mid-range (the demo pump), once per run', () => {
    const values = [...noisy(600, 310, 1.5), ...Array(90).fill(309.7), ...noisy(100, 310, 1.5)];
    const ev = stuckEvents(values);
    expect(ev).toHaveLength(1);
    expect(ev[0]!.data).toMatchObject({ value: 309.7, points: 31 });
    expect(ev[0]!.ts).toBe(630 * 60_000);
  });

  it('still catches a quantised series frozen longer than its own runs', () => {
    // Reads 12.0 about 60 % of the time (0.1 resolution): runs of a few samples are ordinary.
    const values = [...noisy(1200, 12, 0.06), ...Array(400).fill(12)];
    const ev = stuckEvents(values);
    expect(ev).toHaveLength(1);
    expect(ev[0]!.data).toMatchObject({ value: 12 });
  });

  it('says nothing before it has seen how the series varies', () => {
    expect(stuckEvents([...noisy(20, 50, 1), ...Array(100).fill(49.5)])).toEqual([]);
  });
});
