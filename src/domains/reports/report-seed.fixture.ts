/**
 * Test plant for the report tests: a site in Asia/Shanghai with one line of two machines (OEE),
 * a temperature series ingested through the cleaning pipeline with unparsable readings (quarantine),
 * and alarm events (a bad actor that chatters, one still standing, one shelved). All of it on
 * 2024-06-01 06:00–14:00 UTC, long before any test runs, so "as of now" figures do not move.
 */

import { startRun } from '../../analytics/runs/index.js';
import { manualClock, silentLogger } from '../../core/index.js';
import { createIngestPipeline, type RawReading } from '../../ingest/index.js';
import { Ledger } from '../../ledger/index.js';
import { sampleEvent } from '../../ledger/test-support.fixture.js';
import { solveInWorker } from '../../optimize/index.js';
import type { Store } from '../../store/index.js';
import { savePlan } from '../logistics/index.js';
import { EXAMPLE_PLAN, parsePlan, solveAndStorePlan } from '../manufacturing/index.js';

export const SEED_SITE = 'f1';
export const SEED_LINE = 'f1/assembly/line1';
export const SEED_T0 = Date.UTC(2024, 5, 1, 6);
export const SEED_T1 = SEED_T0 + 8 * 3_600_000;
const H = 3_600_000;
const MIN = 60_000;

export async function seedReportPlant(store: Store): Promise<void> {
  await store.upsertAsset({
    id: SEED_SITE,
    kind: 'site',
    name: '一号工厂',
    attributes: { timeZone: 'Asia/Shanghai' },
  });
  await store.upsertAsset({ id: 'f1/assembly', kind: 'area', name: 'Assembly' });
  await store.upsertAsset({ id: SEED_LINE, kind: 'line', name: 'Line 1' });
  const machine = async (name: string, ict: number, down: (h: number) => boolean, scrapEvery: number) => {
    const id = `${SEED_LINE}/${name}`;
    await store.upsertAsset({ id, name, attributes: { idealCycleTimeS: ict } });
    for (const metric of ['state', 'parts_total', 'good_total'])
      await store.upsertSeries({ assetId: id, metric, unit: metric === 'state' ? '1' : '{parts}' });
    const pts = [];
    let parts = 0;
    let good = 0;
    for (let i = 0; i <= 8 * 60; i++) {
      const h = i / 60;
      const isDown = down(h);
      if (i > 0 && !isDown) {
        const n = Math.floor(60 / ict);
        for (let k = 0; k < n; k++) {
          parts++;
          if (parts % scrapEvery !== 0) good++;
        }
      }
      const ts = SEED_T0 + i * MIN;
      pts.push({ seriesId: `${id}/state`, ts, value: isDown ? 3 : 1 });
      pts.push({ seriesId: `${id}/parts_total`, ts, value: parts });
      pts.push({ seriesId: `${id}/good_total`, ts, value: good });
    }
    await store.writePoints(pts);
  };
  await machine('cnc-01', 10, (h) => h >= 6, 20);
  await machine('cnc-02', 20, (h) => h >= 3 && h < 3.5, 1_000_000);

  const clock = manualClock(SEED_T1);
  const p = createIngestPipeline({ store, clock, logger: silentLogger });
  const readings: RawReading[] = [];
  for (let i = 0; i < 120; i++)
    readings.push({
      seriesId: 'f1/assembly/oven/temp',
      ts: SEED_T0 + i * MIN,
      value: 180 + (i % 5),
      unit: 'Cel',
      location: `r${i}`,
      raw: '',
    });
  for (let i = 0; i < 7; i++)
    readings.push({
      seriesId: 'f1/assembly/oven/temp',
      ts: SEED_T0 + i * MIN + 30_000,
      value: 'n/a',
      unit: 'Cel',
      location: `bad${i}`,
      raw: '',
    });
  const imp = await store.createImport({ source: 'oven.csv', format: 'csv', startedAt: SEED_T1 });
  const r = await p.ingest(readings, { source: 'csv', importId: imp });
  await store.finishImport(imp, {
    finishedAt: SEED_T1,
    rows: readings.length,
    ...r,
    series: [...r.series],
    status: 'done',
  });

  const ev = (ts: number, kind: string, key: string, data: Record<string, unknown> = {}) =>
    store.appendEvent({
      ts,
      kind,
      severity: 'warning',
      seriesId: null,
      message: `${kind} ${key}`,
      data: { key, source: key.split('|')[0], condition: key.split('|')[1], ...data },
    });
  // A chattering bad actor: 4 raises within a minute, 3 times.
  for (const at of [1, 2, 5])
    for (let k = 0; k < 4; k++) {
      await ev(SEED_T0 + at * H + k * 10_000, 'alarm.raised', `${SEED_LINE}/cnc-01/temp|hi`);
      await ev(SEED_T0 + at * H + k * 10_000 + 5_000, 'alarm.returned', `${SEED_LINE}/cnc-01/temp|hi`);
    }
  // Standing since 2 h into the shift.
  await ev(SEED_T0 + 2 * H, 'alarm.raised', `${SEED_LINE}/cnc-02/vib|hihi`);
  // Shelved for the rest of the shift.
  await ev(SEED_T0 + 3 * H, 'alarm.shelved', 'f1/assembly/oven/temp|lo', {
    shelvedUntil: SEED_T1 + H,
    shelvedBy: 'op1',
  });

  // A finished training run with a per-class report, a confusion matrix and learning curves.
  const run = await startRun(store, {
    kind: 'nlp',
    name: 'fault-text tagger',
    config: { epochs: 3 },
    data: { fingerprint: 'ab'.repeat(32), rows: 1200 },
    flushMs: 0,
    now: () => SEED_T0,
  });
  for (let step = 1; step <= 3; step++) run.log(step, { loss: 1 / step, devF1: 0.6 + step / 10 });
  await run.finish({
    evaluation: {
      trainSeconds: 12.5,
      classification: {
        types: {
          BEARING: { precision: 0.9, recall: 0.8, f1: 0.8471, support: 40 },
          MOTOR: { precision: 0.75, recall: 0.6, f1: 0.6667, support: 10 },
        },
        micro: { precision: 0.8696, recall: 0.76, f1: 0.8111, support: 50 },
        macro: { precision: 0.825, recall: 0.7, f1: 0.7569, support: 50 },
        weighted: { precision: 0.87, recall: 0.76, f1: 0.811, support: 50 },
      },
      confusion: {
        labels: ['BEARING', 'MOTOR'],
        matrix: [
          [32, 8],
          [4, 6],
        ],
      },
    },
  });
  // A ledger with five events and a checkpoint signed during the shift.
  const ledger = await Ledger.open({ store: store.ledger, clock: { now: () => SEED_T0 + H } });
  await ledger.createOrg('plant');
  await ledger.append(
    'plant',
    Array.from({ length: 5 }, (_, i) => sampleEvent(i)),
  );
  await ledger.checkpoint();
  // The documented example plan, solved and stored.
  const plan = parsePlan(EXAMPLE_PLAN);
  if (!plan.ok) throw new Error('example plan does not parse');
  await solveAndStorePlan(
    { store, solve: solveInWorker, now: () => SEED_T0, newId: () => 'plan-seed' },
    plan.value,
    { parent: null, scenario: null, forecasts: [] },
  );
  // A stored delivery plan: one van, two stops with time windows.
  const M = 60_000;
  await savePlan(store, {
    id: 'routes-seed',
    createdAt: SEED_T0,
    revision: 1,
    source: 'api',
    problem: {
      depot: { lat: 31.2, lon: 121.4 },
      orders: [
        { id: 'o-1', lat: 31.21, lon: 121.41, demand: 3, window: [SEED_T0 + H, SEED_T0 + 2 * H] },
        { id: 'o-2', lat: 31.22, lon: 121.45, demand: 2 },
      ],
      vans: [{ id: 'van-1', capacity: 10, shiftStart: SEED_T0, shiftEnd: SEED_T1 }],
    },
    plan: {
      routes: [
        {
          vanId: 'van-1',
          stops: [
            {
              orderId: 'o-1',
              arrival: SEED_T0 + 50 * M,
              start: SEED_T0 + H,
              departure: SEED_T0 + 65 * M,
              loadAfter: 2,
            },
            {
              orderId: 'o-2',
              arrival: SEED_T0 + 80 * M,
              start: SEED_T0 + 80 * M,
              departure: SEED_T0 + 85 * M,
              loadAfter: 0,
            },
          ],
          departure: SEED_T0 + 40 * M,
          returnAt: SEED_T0 + 100 * M,
          load: 5,
          distanceKm: 12.5,
          cost: 18.75,
        },
      ],
      distanceKm: 12.5,
      cost: 18.75,
      feasible: true,
      violations: [],
    },
  });
}
