import { describe, expect, it } from 'vitest';
import { computeOee } from '../domains/manufacturing/oee.js';
import { HOUR } from './calendar.js';
import { createDemoModel, type DemoPoint } from './model.js';
import { DATA_PREFIX } from './topics.js';

// 06:00 China Standard Time: T0 of the fault script is the start itself.
const START = Date.parse('2026-06-01T06:00:00+08:00');
const FAST = { factory: 30_000, farm: 300_000, fleet: 30_000 };

const run = (seed: number, hours: number, chunkMs: number): Map<string, DemoPoint[]> => {
  const m = createDemoModel({ seed, start: START, intervals: FAST });
  const all = new Map<string, DemoPoint[]>();
  for (let t = START + chunkMs; t <= START + hours * HOUR; t += chunkMs)
    for (const [topic, pts] of m.advance(t)) all.set(topic, [...(all.get(topic) ?? []), ...pts]);
  return all;
};

describe('createDemoModel', () => {
  it('is deterministic for a seed, whatever the chunking, and changes with the seed', () => {
    const a = run(42, 4, HOUR);
    const b = run(42, 4, 10 * 60_000);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [topic, pts] of a) expect(b.get(topic)).toEqual(pts);
    const c = run(7, 4, HOUR);
    const topic = `${DATA_PREFIX}factory1/assembly/line1/cnc-01/vibration`;
    expect(c.get(topic)).not.toEqual(a.get(topic));
  });

  const day = run(42, 24, 2 * HOUR);
  const model = createDemoModel({ seed: 42, start: START, intervals: FAST });
  const metaOf = (topic: string) => {
    const path = topic.slice(DATA_PREFIX.length);
    const cut = path.lastIndexOf('/');
    const asset = model.assets.find((a) => a.id === path.slice(0, cut));
    return asset?.metrics[path.slice(cut + 1)];
  };
  const values = (suffix: string): number[] => (day.get(`${DATA_PREFIX}${suffix}`) ?? []).map((p) => p.value);

  it('describes every published series in the metadata, with its unit', () => {
    expect(day.size).toBe(185);
    const problems: string[] = [];
    for (const [topic, pts] of day) {
      const meta = metaOf(topic);
      if (!meta) {
        problems.push(`${topic}: no metadata`);
        continue;
      }
      // Units match the metadata except the two documented Fahrenheit sensors.
      const checkUnit = !/cnc-06\/spindle_temp|compressor-01\/bearing_temp/.test(topic);
      for (const p of pts) {
        if (p.value < meta.min || p.value > meta.max) problems.push(`${topic}: ${p.value} outside range`);
        if (checkUnit && p.unit !== meta.unit) problems.push(`${topic}: unit ${p.unit} ≠ ${meta.unit}`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    const cnc = model.assets.find((a) => a.id === 'factory1/assembly/line1/cnc-01')!;
    expect(cnc.metrics['state']?.signal).toBe('state');
    expect(cnc.metrics['parts_total']?.signal).toBe('counter');
    expect(cnc.metrics['vibration']?.signal).toBe('gauge');
  });

  it('keeps values physically plausible', () => {
    const between = (xs: number[], lo: number, hi: number): void => {
      expect(xs.length).toBeGreaterThan(0);
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...xs)).toBeLessThanOrEqual(hi);
    };
    between(values('factory1/assembly/line1/cnc-01/spindle_temp'), 15, 65);
    between(values('factory1/assembly/line1/cnc-01/vibration'), 0, 4.5); // healthy: ISO 10816 zone A/B
    between(values('factory1/assembly/line2/pump-03/pressure'), 0, 400);
    between(values('factory1/assembly/line2/compressor-02/pressure'), 0, 8);
    between(values('farm1/weather-station/air_temp'), 10, 40); // June near Suzhou
    between(values('farm1/weather-station/humidity'), 20, 100);
    between(values('farm1/weather-station/solar_radiation'), 0, 1100);
    between(values('farm1/field-b/zone-2/soil_moisture'), 10, 45);
    between(values('depot1/van-03/latitude'), 31.2, 31.45);
    between(values('depot1/van-03/speed'), 0, 70);
    // Night: no sun at 00:00–04:00 local, machines off.
    const sun = day.get(`${DATA_PREFIX}farm1/weather-station/solar_radiation`)!;
    for (const p of sun) if (p.ts >= START + 18 * HOUR && p.ts < START + 22 * HOUR) expect(p.value).toBe(0);
    const st = day.get(`${DATA_PREFIX}factory1/assembly/line1/cnc-01/state`)!;
    for (const p of st) if (p.ts >= START + 16 * HOUR && p.ts < START + 24 * HOUR) expect(p.value).toBe(0);
    // Vans go out and come back: every status code occurs, and all loads are within capacity.
    expect(new Set(values('depot1/van-01/status'))).toEqual(new Set([0, 1, 2]));
  });

  it('publishes what OEE needs, and a healthy machine has a plausible OEE', () => {
    const series = (m: string): DemoPoint[] => day.get(`${DATA_PREFIX}factory1/assembly/line1/cnc-01/${m}`)!;
    const ict = model.assets.find((a) => a.id === 'factory1/assembly/line1/cnc-01')!.attributes[
      'idealCycleTimeS'
    ];
    expect(ict).toBe(60);
    const r = computeOee({
      from: START,
      to: START + 16 * HOUR,
      idealCycleTimeMs: 60_000,
      states: series('state'),
      produced: series('parts_total'),
      good: series('good_total'),
    });
    expect(r.pdot).toBe(1.25 * HOUR); // three planned breaks
    expect(r.oee).toBeGreaterThan(0.55);
    expect(r.oee).toBeLessThan(0.95);
    expect(r.effectiveness).toBeLessThan(1);
  });
});
