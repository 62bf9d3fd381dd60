import { describe, expect, it } from 'vitest';
import { createDemoModel, storeInputsOf } from '../../demo/index.js';
import { defaultMonitorConfig, mergeMonitorConfig, rulesOf, signalOf } from './monitor-config.js';

const demoSeries = createDemoModel({ seed: 42, start: Date.UTC(2026, 5, 1) }).assets.flatMap(
  (a) => storeInputsOf(a).series,
);

describe('monitor defaults from series metadata', () => {
  it('classifies every demo series as its metadata says (counter, state, gauge)', () => {
    expect(demoSeries.length).toBe(185);
    const of = (metric: string) =>
      new Set(
        demoSeries
          .filter((s) => s.metric === metric)
          .map((s) => signalOf({ metric, description: s.description ?? '' })),
      );
    for (const m of ['parts_total', 'good_total', 'scrap_total']) expect(of(m)).toEqual(new Set(['counter']));
    expect(of('state')).toEqual(new Set(['state']));
    expect(of('status')).toEqual(new Set(['state']));
    for (const m of [
      'current',
      'bearing_temp',
      'vibration',
      'pressure',
      'soil_moisture',
      'speed',
      'air_temp',
    ])
      expect(of(m)).toEqual(new Set(['gauge']));
  });

  it('gives counters and states only a missing-data rule, gauges detector + stuck + missing', () => {
    const counter = defaultMonitorConfig({
      metric: 'parts_total',
      description: 'parts (counter)',
      expectedIntervalMs: 1000,
    });
    expect(rulesOf(counter, { minValue: 0, maxValue: null }).map((r) => r.kind)).toEqual(['missing']);
    const state = defaultMonitorConfig({
      metric: 'state',
      description: 'machine state code: 0=off, 1=run, 2=idle',
      expectedIntervalMs: 1000,
    });
    expect(rulesOf(state, { minValue: 0, maxValue: 4 }).map((r) => r.kind)).toEqual(['missing']);
    const gauge = defaultMonitorConfig({
      metric: 'current',
      description: 'motor current',
      expectedIntervalMs: 1000,
    });
    const rules = rulesOf(gauge, { minValue: 0, maxValue: 60 });
    expect(rules.map((r) => r.kind)).toEqual(['anomaly', 'stuck', 'missing']);
    expect(rules.find((r) => r.kind === 'stuck')).toMatchObject({
      forMs: 15 * 60_000,
      floor: 0,
      ceiling: 60,
    });
    expect(rules.find((r) => r.kind === 'missing')).toMatchObject({ afterMs: 5 * 60_000 });
    // 60 s sampling: ten intervals of silence, 30 intervals unchanged.
    const farm = defaultMonitorConfig({
      metric: 'soil_moisture',
      description: 'soil',
      expectedIntervalMs: 60_000,
    });
    expect(farm.missing?.afterMs).toBe(600_000);
    expect(farm.stuck?.forMs).toBe(1_800_000);
    // No declared interval: nobody knows what silence means.
    expect(
      defaultMonitorConfig({ metric: 'x', description: '', expectedIntervalMs: null }).missing,
    ).toBeNull();
  });

  it('overrides replace defaults field by field; null turns a rule off', () => {
    const d = defaultMonitorConfig({ metric: 'temp', description: 'oven', expectedIntervalMs: 1000 });
    const m = mergeMonitorConfig(d, {
      threshold: { high: 250, deadband: 5, severity: 'major' },
      stuck: null,
    });
    expect(rulesOf(m, { minValue: null, maxValue: null }).map((r) => `${r.kind}:${r.id}`)).toEqual([
      'anomaly:anomaly',
      'threshold:limit',
      'missing:missing',
    ]);
  });
});

describe('signalOf with a declared signal', () => {
  it('prefers the series signal over the description heuristic', () => {
    expect(signalOf({ metric: 'parts_total', description: '', signal: 'gauge' })).toBe('gauge');
    expect(signalOf({ metric: 'speed', description: 'van speed', signal: 'counter' })).toBe('counter');
    expect(signalOf({ metric: 'parts_total', description: '', signal: null })).toBe('counter');
    expect(
      defaultMonitorConfig({ metric: 'current', description: '', expectedIntervalMs: 1000, signal: 'state' })
        .stuck,
    ).toBeNull();
  });
});
