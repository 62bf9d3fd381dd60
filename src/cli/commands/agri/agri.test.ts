import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-agri-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const run = (...args: string[]) => runCli(args);
afterEach(() => {
  process.exitCode = 0;
});

describe('xinzhi agri et0', () => {
  it('reproduces FAO-56 Example 18 and reports the procedures used per row', async () => {
    const csv = file(
      'w.csv',
      'date,tmax,tmin,rhmax,rhmin,wind,wind_height,sunshine\n2023-07-06,21.5,12.3,84,63,2.7778,10,9.25\n2023-07-07,26.6,14.8,,,,,\n',
    );
    const r = await run('agri', 'et0', '--daily', csv, '--lat', '50.8', '--elevation', '100', '--json');
    const doc = JSON.parse(r.out);
    expect(doc.rows[0].et0).toBeCloseTo(3.88, 2);
    expect(doc.rows[0].estimated).toEqual([]);
    expect(doc.rows[1].estimated).toHaveLength(3);
    expect(doc.rows[1].sources).toEqual({ humidity: 'tmin', radiation: 'temperature', wind: 'default' });
  });

  it('lists every bad cell by line and column and exits 2', async () => {
    const csv = file('bad.csv', 'date,tmax,tmin,rhmax\n2023-07-06,abc,12,50\n2023-07-05,20,,150\n');
    const r = await run('agri', 'et0', '--daily', csv, '--lat', '50', '--elevation', '0', '--json');
    expect(r.code).toBe(2);
    const e = JSON.parse(r.out).error;
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toContain('bad.csv:2 tmax');
    expect(e.message).toContain('bad.csv:3 tmin');
    expect(e.message).toContain('dates must increase');
  });

  it('names a missing file and a bad latitude', async () => {
    expect(
      (await run('agri', 'et0', '--daily', join(dir, 'nope.csv'), '--lat', '1', '--elevation', '1')).code,
    ).toBe(3);
    const csv = file('ok.csv', 'date,tmax,tmin\n2023-07-06,25,12\n');
    const r = await run('agri', 'et0', '--daily', csv, '--lat', '91', '--elevation', '1', '--json');
    expect(JSON.parse(r.out).error.field).toBe('lat');
  });
});

describe('xinzhi agri gdd', () => {
  it.each([
    ['sine', 11.85],
    ['triangle', 11.39],
  ])('computes one day by the %s method', async (method, degreeDays) => {
    const args = ['--tmin', '50', '--tmax', '82', '--base', '55', '--upper', '90', '--method', method];
    const r = JSON.parse((await run('agri', 'gdd', ...args, '--json')).out);
    expect(r.degreeDays).toBeCloseTo(degreeDays, 2);
  });
  it('computes one day by the average method', async () => {
    const avg = JSON.parse(
      (
        await run(
          'agri',
          'gdd',
          '--tmin',
          '-2',
          '--tmax',
          '8',
          '--base',
          '0',
          '--method',
          'average',
          '--json',
        )
      ).out,
    );
    expect(avg.degreeDays).toBe(3);
  });
  it('accumulates a CSV against a pest model and raises alerts', async () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `${new Date(Date.UTC(2024, 4, 1 + i)).toISOString().slice(0, 10)},28,12`,
    );
    const csv = file('t.csv', `date,tmax,tmin\n${rows.join('\n')}\n`);
    const r = JSON.parse(
      (await run('agri', 'gdd', '--daily', csv, '--model', 'codling-moth', '--unit', 'C', '--json')).out,
    );
    expect(r.rows).toHaveLength(30);
    expect(r.alerts[0].stage).toContain('first egg hatch');
    expect(r.alerts[0].date).toBe('2024-05-14');
  });
  it('rejects bad methods and thresholds', async () => {
    expect(
      (await run('agri', 'gdd', '--tmin', '1', '--tmax', '2', '--base', '0', '--method', 'cubic')).code,
    ).toBe(2);
    expect(
      (await run('agri', 'gdd', '--tmin', '1', '--tmax', '2', '--base', '10', '--upper', '5')).code,
    ).toBe(2);
  });
});

describe('xinzhi agri irrigate', () => {
  const weather = Array.from({ length: 12 }, (_, i) => ({
    date: new Date(Date.UTC(2024, 5, 1 + i)).toISOString().slice(0, 10),
    et0: 6.5,
    rain: 0,
  }));
  const request = {
    fields: [
      {
        id: 'north',
        areaHa: 4,
        crop: 'maize-grain',
        plantingDate: '2024-04-20',
        soil: 'loam',
        rootDepthM: 1,
        initialDepletionMm: 60,
      },
      {
        id: 'south',
        areaHa: 2,
        crop: 'tomato',
        plantingDate: '2024-04-10',
        soil: { thetaFc: 0.23, thetaWp: 0.11 },
        rootDepthM: 0.7,
      },
    ],
    weather,
    constraints: { pumpCapacityM3PerDay: 2500 },
    calendar: { intervalDays: 4, grossMm: 40 },
  };
  it('plans the next N days and reports the saving against the calendar', async () => {
    const r = JSON.parse(
      (
        await run(
          'agri',
          'irrigate',
          '--file',
          file('f.json', JSON.stringify(request)),
          '--days',
          '7',
          '--json',
        )
      ).out,
    );
    expect(r.horizon.days).toBe(7);
    expect(r.events.length).toBeGreaterThan(0);
    expect(r.events.map((e: { fieldId: string }) => e.fieldId)).toContain('north');
    expect(r.fields).toHaveLength(2);
    // The saving counts the water owed to refill the soil at the end, not only the volumes applied.
    const c = r.comparison;
    expect(c.savingM3).toBeCloseTo(
      c.calendarM3 + c.calendarRefillM3 - c.scheduledM3 - c.scheduledRefillM3,
      6,
    );
  });
  it('lists every problem of a bad file with its JSON path', async () => {
    const bad = {
      ...request,
      fields: [{ ...request.fields[0], areaHa: -1 }],
      weather: [{ date: '2024-06-01' }],
    };
    const r = await run('agri', 'irrigate', '--file', file('b.json', JSON.stringify(bad)), '--json');
    expect(r.code).toBe(2);
    const msg = JSON.parse(r.out).error.message as string;
    expect(msg).toContain('fields.0.areaHa');
    expect(msg).toContain('weather.0');
    const unknown = { ...request, fields: [{ ...request.fields[0], crop: 'kiwi' }] };
    const u = await run('agri', 'irrigate', '--file', file('u.json', JSON.stringify(unknown)), '--json');
    expect(JSON.parse(u.out).error.field).toBe('fields.0.crop');
    expect(JSON.parse(u.out).error.message).toMatch(/unknown crop 'kiwi' \(known: maize-grain, .*rice/);
    // Rice (FAO-56 Tables 11, 12, 22) is a known crop and plans.
    const rice = { ...request, fields: [{ ...request.fields[0], crop: 'rice' }] };
    const rr = await run('agri', 'irrigate', '--file', file('r.json', JSON.stringify(rice)), '--json');
    expect(rr.code).toBe(0);
    expect((await run('agri', 'irrigate', '--file', file('n.json', '{nope'), '--json')).code).toBe(2);
  });
});

describe('xinzhi agri fertilise / schedule / irrigate --method', () => {
  it('solves the example files and prints one JSON document each', async () => {
    const f = JSON.parse((await run('agri', 'fertilise', 'examples/agri-fertiliser.json', '--json')).out);
    expect(f.status).toBe('optimal');
    expect(f.fields).toHaveLength(2);
    const s = JSON.parse((await run('agri', 'schedule', 'examples/agri-operations.json', '--json')).out);
    expect(s.status).toBe('optimal');
    expect(s.jobs.every((j: { state: string }) => j.state !== 'unscheduled')).toBe(true);
    const lp = JSON.parse(
      (await run('agri', 'irrigate', '--file', 'examples/agri-irrigation.json', '--json')).out,
    );
    const greedy = JSON.parse(
      (
        await run(
          'agri',
          'irrigate',
          '--file',
          'examples/agri-irrigation.json',
          '--method',
          'greedy',
          '--json',
        )
      ).out,
    );
    expect(lp.method).toBe('lp');
    expect(lp.methods.map((m: { method: string }) => m.method)).toEqual([
      'lp',
      'greedy',
      'calendar 4 d × 35 mm',
    ]);
    expect(greedy.method).toBe('greedy');
    expect(
      (await run('agri', 'irrigate', '--file', 'examples/agri-irrigation.json', '--method', 'x')).code,
    ).toBe(2);
    expect((await run('agri', 'fertilise', file('bad.json', '{"products":[]}'), '--json')).code).toBe(2);
  });
});
