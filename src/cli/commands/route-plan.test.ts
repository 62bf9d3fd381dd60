import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xz-route-plan-'));
const file = (name: string, text: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const depot = { lat: 31.319, lon: 120.723 };

/** 30 shops 2–10 km around a Suzhou depot as a shop system exports them (Chinese names, kg). */
function ordersCsv(): string {
  let s = 11;
  const rnd = (): number => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const rows = ['Order No,Customer,Latitude,Longitude,Weight (kg),Earliest,Latest'];
  rows.push(`DEPOT,仓库,${depot.lat},${depot.lon},,,`);
  for (let i = 0; i < 30; i++) {
    const r = 2 + 8 * rnd();
    const a = 2 * Math.PI * rnd();
    const lat = (depot.lat + (r / 111.2) * Math.sin(a)).toFixed(5);
    const lon = (depot.lon + (r / 95.0) * Math.cos(a)).toFixed(5);
    const w = i % 3 === 0 ? ['09:00', '12:00'] : i % 3 === 1 ? ['13:00', '17:00'] : ['', ''];
    rows.push(`SO-${2001 + i},门店${i + 1},${lat},${lon},${Math.round(20 + 100 * rnd())},${w[0]},${w[1]}`);
  }
  return `${rows.join('\n')}\n`;
}
const orders = file('orders.csv', ordersCsv());
const vans = file('vans.csv', 'van,capacity_kg,count,shift_start,shift_end\nvan,900,3,08:00,18:00\n');
const common = ['--date', '2026-12-05', '--tz', 'Asia/Shanghai', '--time-limit', '2', '--speed-kmh', '30'];

interface PlanJson {
  feasible: boolean;
  reasons: string[];
  unit: string;
  depot: { lat: number; lon: number; source: string };
  totals: {
    orders: number;
    served: number;
    demand: number;
    capacity: number;
    distanceKm: number;
    vans: number;
  };
  routes: {
    van: string;
    capacity: number;
    load: number;
    distanceKm: number;
    stops: {
      order: string;
      demand: number;
      arrival: string;
      start: string;
      window: [string | null, string | null] | null;
      startAt: string;
    }[];
  }[];
  unserved: { order: string; line: number; reason: string }[];
}

describe('xinzhi route plan', () => {
  it('plans 30 orders on 3 vans: one JSON document, every order once, windows and capacities kept, a stops CSV', async () => {
    const out = join(dir, 'plan.csv');
    const r = await runCli(['route', 'plan', orders, '--vans', vans, ...common, '--json', '--out', out]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as PlanJson;
    expect(j.feasible).toBe(true);
    expect(j.unserved).toEqual([]);
    expect(j.depot).toEqual({ ...depot, source: 'orders.csv:2' });
    expect(j.unit).toBe('kg');
    expect(j.totals).toMatchObject({ orders: 30, served: 30, capacity: 2700, vans: 3 });
    const served = j.routes.flatMap((x) => x.stops.map((s) => s.order)).sort();
    expect(served).toEqual(Array.from({ length: 30 }, (_, i) => `SO-${2001 + i}`));
    for (const route of j.routes) {
      expect(route.stops.reduce((q, s) => q + s.demand, 0)).toBe(route.load);
      expect(route.load).toBeLessThanOrEqual(900);
      for (const s of route.stops) {
        // startAt is UTC; the windows are Shanghai local times (UTC+8).
        const local = new Date(Date.parse(s.startAt) + 8 * 3_600_000).toISOString().slice(11, 16);
        expect(local).toBe(s.start);
        if (s.window?.[0]) expect(s.start >= s.window[0]).toBe(true);
        if (s.window?.[1]) expect(s.start <= s.window[1]).toBe(true);
      }
    }
    const csv = readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'van,seq,order,customer,lat,lon,demand,load_after,arrival,start,departure,leg_km,window_from,window_to',
    );
    expect(csv).toHaveLength(31);
    expect(
      csv
        .slice(1)
        .map((l) => l.split(',')[2])
        .sort(),
    ).toEqual(served);
  });

  it('prints a table per van and a summary sentence', async () => {
    const r = await runCli(['route', 'plan', orders, '--vans', vans, ...common]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^Deliveries on 2026-12-05 \(Asia\/Shanghai\): 30 of 30 orders on \d of 3 vans, [\d.]+ km, \d+ h \d\d min on the road; demand \d+ kg, capacity 2700 kg\./,
    );
    expect(r.out).toMatch(
      /van-1 \(capacity 900 kg\): \d\d:\d\d → \d\d:\d\d, \d+ stops, load \d+ kg \(\d+ %\), [\d.]+ km/,
    );
    expect(r.out).toMatch(/#\s+arrive\s+start\s+leave\s+order\s+customer\s+qty kg/);
  });

  it('explains an infeasible day and exits 3: total demand against the fleet, with both numbers', async () => {
    const small = file('small-vans.csv', 'van,capacity,count\nvan,400,3\n');
    const r = await runCli(['route', 'plan', orders, '--vans', small, ...common, '--json']);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.out) as PlanJson;
    expect(j.feasible).toBe(false);
    expect(j.reasons[0]).toMatch(
      new RegExp(
        `^total demand ${j.totals.demand} kg exceeds the fleet's capacity 1200 kg \\(3 × 400\\) by ${j.totals.demand - 1200} kg`,
      ),
    );
    const text = await runCli(['route', 'plan', orders, '--vans', small, ...common]);
    expect(text.code).toBe(3);
    expect(text.out).toContain(
      `Infeasible: total demand ${j.totals.demand} kg exceeds the fleet's capacity 1200 kg`,
    );
  });

  it('lists an order no van can take, plans the rest and exits 3', async () => {
    const withBig = file('big.csv', `${ordersCsv()}SO-9999,大客户,31.33,120.70,1500,,\n`);
    const r = await runCli(['route', 'plan', withBig, '--vans', vans, ...common, '--json']);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.out) as PlanJson;
    expect(j.unserved).toEqual([
      {
        order: 'SO-9999',
        line: 33,
        demand: 1500,
        reason: 'needs 1500 kg but the biggest van (van-1) carries 900 kg',
      },
    ]);
    expect(j.totals.served).toBe(30);
  });

  it('reads a GBK file with Chinese headers, a depot from --depot and capacities in tonnes', async () => {
    const gbk = file(
      'gbk.csv',
      iconv.encode(
        '订单号,客户,纬度,经度,重量(kg),时间窗\nA1,张三,31.33,120.70,300,09:00-11:00\nA2,李四,31.30,120.75,500,\n',
        'gb18030',
      ),
    );
    const tonnes = file('tonnes.csv', '车牌号,载重(吨)\n苏E-001,1.5\n');
    const r = await runCli([
      'route',
      'plan',
      gbk,
      '--vans',
      tonnes,
      ...common,
      '--depot',
      '31.319,120.723',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as PlanJson;
    expect(j.routes).toMatchObject([{ van: '苏E-001', capacity: 1500, load: 800 }]);
    expect(j.routes[0]!.stops.find((s) => s.order === 'A1')).toMatchObject({ window: ['09:00', '11:00'] });
  });

  it('bad input exits 2 naming file, line and column; both files at once', async () => {
    const bad = file('bad.csv', 'id,lat,lon,qty\na,31.3,120.7,lots\na,95,120.7,3\n');
    const badVans = file('bad-vans.csv', 'van,capacity\nv,-1\n');
    const r = await runCli(['route', 'plan', bad, '--vans', badVans, '--depot', '31.3,120.7', '--json']);
    expect(r.code).toBe(2);
    const e = JSON.parse(r.out).error as { code: string; message: string; field: string };
    expect(e.code).toBe('BAD_INPUT');
    expect(e.field).toBe('bad.csv:2 qty');
    expect(e.message).toBe(
      "4 problems: bad.csv:2 qty: 'lots' is not a number; bad.csv:3 lat: latitude 95 is out of range (−90…90); bad.csv:3 id: order id 'a' is also on line 2; bad-vans.csv:2 capacity: capacity -1 must be positive",
    );
  });

  it('refuses a missing depot, mismatched units, bad flags, empty and missing files', async () => {
    const noDepot = file('nodepot.csv', 'id,lat,lon,qty\na,31.3,120.7,3\n');
    const plain = file('plain-vans.csv', 'van,capacity\nv,10\n');
    const noD = await runCli(['route', 'plan', noDepot, '--vans', plain, '--json']);
    expect(noD.code).toBe(2);
    expect(JSON.parse(noD.out).error.message).toMatch(
      /^no depot: pass --depot lat,lon, add a row with id 'depot' to nodepot\.csv/,
    );
    const pcs = file('pcs.csv', 'id,lat,lon,qty (pcs)\na,31.3,120.7,3\n');
    const kgVans = file('kg-vans.csv', 'van,capacity (kg)\nv,10\n');
    const units = await runCli(['route', 'plan', pcs, '--vans', kgVans, '--depot', '31.3,120.7', '--json']);
    expect(units.code).toBe(2);
    expect(JSON.parse(units.out).error.message).toBe(
      'pcs.csv counts quantities in pcs but kg-vans.csv gives capacities in kg',
    );
    for (const flags of [
      ['--depot', '95,120'],
      ['--speed-kmh', '0'],
      ['--start', '8am'],
      ['--start', '18:00', '--end', '08:00'],
      ['--date', '2026-13-45'],
      ['--tz', 'CST'],
      ['--seed', '1.5'],
    ]) {
      const b = await runCli([
        'route',
        'plan',
        noDepot,
        '--vans',
        plain,
        '--depot',
        '31.3,120.7',
        ...flags,
        '--json',
      ]);
      expect(b.code, flags.join(' ')).toBe(2);
      expect(JSON.parse(b.out).error.code).toBe('BAD_INPUT');
    }
    const empty = await runCli(['route', 'plan', file('empty.csv', ''), '--vans', plain, '--json']);
    expect(empty.code).toBe(2);
    expect(JSON.parse(empty.out).error.message).toBe('empty.csv: the file is empty');
    const missing = await runCli(['route', 'plan', join(dir, 'nope.csv'), '--vans', plain, '--json']);
    expect(missing.code).toBe(3);
    const noVans = await runCli(['route', 'plan', noDepot, '--json']);
    expect(noVans.code).toBe(2);
    expect(JSON.parse(noVans.out).error.field).toBe('--vans');
  });

  it('leaves `route <instance>` as it was, with its own options', async () => {
    const vrp = file(
      't.vrp',
      'NAME : t\nTYPE : CVRP\nDIMENSION : 4\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 10\nNODE_COORD_SECTION\n1 0 0\n2 10 0\n3 0 10\n4 -10 0\nDEMAND_SECTION\n1 0\n2 4\n3 4\n4 4\nDEPOT_SECTION\n1\n-1\nEOF\n',
    );
    const r = await runCli(['route', vrp, '--time-limit', '0.2', '--max-vehicles', '2', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { routes: number[][]; feasible: boolean };
    expect(j.feasible).toBe(true);
    expect(j.routes.flat().sort()).toEqual([2, 3, 4]);
  });
});
