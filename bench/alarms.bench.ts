/**
 * Alarm load of the demo against EEMUA 191 / ISA-18.2 benchmarks. Replays 24 demo hours (after two
 * hours of warm-up) through the server's own cleaning pipeline and live alarm monitor, in-process
 * on a virtual clock (no real-time waits), as `serve --demo` sees them: the demo history's
 * sampling (a minute for the machines) and then, for the last `--live-hours` (default 2), the live
 * sampling (a second). The window ends at 15:00 CST of the first production day, so it holds all
 * of that day's scripted faults and the live part covers the bearing failure, the repair and the
 * afternoon shift start. Then it computes the KPIs with the same function as
 * `GET /api/v1/alarms/kpis`: alarms per hour and the busiest 10 minutes, top 10 bad actors,
 * chattering, standing and shelved alarms, the ingest pipeline's stuck-sensor warnings, and whether
 * each scripted fault was alarmed. Run: `npm run bench -- alarms [--live-hours 2] [--seed 42] [--json]`.
 */
import { alarmKpis, KPI_EVENT_KINDS, KPI_TARGETS } from '../src/analytics/index.js';
import { silentLogger } from '../src/core/index.js';
import {
  createDemoModel,
  DATA_PREFIX,
  FAULT_SCRIPT,
  provisionAssets,
  provisionDemoMonitoring,
} from '../src/demo/index.js';
import { createIngestPipeline, type RawReading } from '../src/ingest/index.js';
import { startServer } from '../src/server/index.js';
import { openSqliteStore, type Store } from '../src/store/index.js';
import { type BenchRow, printRows } from './lib/table.js';

const HOUR = 3_600_000;
/** T0: the first production day's 06:00 (CST), where the fault script starts. */
const T0 = Date.parse('2026-06-02T06:00:00+08:00');
/** The measured window: 24 h ending when the day's last fault (the bearing) is repaired. */
const END = T0 + FAULT_SCRIPT.bearing.repaired;
const FROM = END - 24 * HOUR;
/** Two hours of warm-up before the window (the demo starts with a day of history). */
const START = FROM - 2 * HOUR;
/** Simulated time per pipeline call and between monitor clock ticks. */
const STEP = 5 * 60_000;

interface Replayed {
  readonly store: Store;
  readonly points: number;
  readonly ms: number;
  close(): Promise<void>;
}

async function replay(liveHours: number, seed: number): Promise<Replayed> {
  let now = START;
  const clock = { now: () => now };
  const store = await openSqliteStore(':memory:');
  const handle = await startServer({
    store,
    logger: silentLogger,
    clock,
    createPipeline: (s) => createIngestPipeline({ store: s, clock, logger: silentLogger }),
    port: 0,
    mqttPort: false,
    retentionIntervalMs: 0,
    loopSyncMs: 0,
  });
  const live = END - liveHours * HOUR;
  const model = createDemoModel({ seed, start: START, history: { until: live } });
  await provisionAssets(store, model.historyAssets);
  await provisionDemoMonitoring(store, model.historyAssets);
  const t0 = performance.now();
  let points = 0;
  for (let t = START; t < END; ) {
    // As serve-demo does once the history is written: the series expect their live intervals.
    if (t === live) await provisionAssets(store, model.assets);
    t = Math.min(END, t + STEP, t < live ? live : END);
    const readings: RawReading[] = [];
    for (const [topic, list] of model.advance(t)) {
      const seriesId = topic.slice(DATA_PREFIX.length);
      for (const p of list)
        readings.push({ seriesId, ts: p.ts, value: p.value, unit: p.unit, location: topic, raw: '' });
    }
    now = t;
    if (readings.length > 0) await handle.pipeline.ingest(readings, { source: 'demo', importId: null });
    points += readings.length;
    await handle.monitoring?.idle();
    await handle.monitoring?.tick();
  }
  await handle.monitoring?.idle();
  const ms = performance.now() - t0;
  return {
    store,
    points,
    ms,
    async close() {
      await handle.close();
      await store.close();
    },
  };
}

const fmtTime = (ts: number | null): string =>
  ts === null ? '—' : new Date(ts + 8 * HOUR).toISOString().slice(11, 16);

export async function run(args: string[]): Promise<void> {
  const i = args.indexOf('--live-hours');
  const liveHours = i >= 0 ? Number(args[i + 1]) : 2;
  if (!(Number.isFinite(liveHours) && liveHours >= 0 && liveHours <= 24))
    throw new Error(`--live-hours must be a number of hours in [0, 24], got ${args[i + 1]}`);
  const j = args.indexOf('--seed');
  const seed = j >= 0 ? Number(args[j + 1]) : 42;
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${args[j + 1]}`);
  const r = await replay(liveHours, seed);
  const events = (
    await Promise.all(KPI_EVENT_KINDS.map((kind) => r.store.listEvents({ kind, to: END })))
  ).flat();
  const k = alarmKpis({ events, from: FROM, to: END });
  const warnings = (await r.store.listEvents({ kind: 'stuck', from: FROM, to: END })).map((e) => ({
    seriesId: e.seriesId ?? '',
    ts: e.ts,
    message: e.message,
  }));
  const gaps = await r.store.listEvents({ kind: 'gap', from: FROM, to: END });
  const raised = events.filter((e) => e.kind === 'alarm.raised' && e.ts >= FROM);
  const sourceOf = (e: { data: Readonly<Record<string, unknown>> }): string => String(e.data.source ?? '');

  // Each scripted fault of day 0 must reach the operator: as an alarm, or (stuck sensor, silent
  // gateway) as the pipeline's warning event on that series.
  const dev = (id: string): string => `factory1/assembly/${id}`;
  const inWindow = (ts: number, from: number, to: number): boolean => ts >= T0 + from && ts < T0 + to;
  const b = FAULT_SCRIPT.bearing;
  const bearingMachine = dev(b.machines[0]);
  const faults: Array<{ name: string; hit: boolean; how: string }> = [
    {
      name: `bearing wear ${b.machines[0]}`,
      hit: raised.some(
        (e) => sourceOf(e).startsWith(`${bearingMachine}/`) && inWindow(e.ts, b.onset, b.repaired),
      ),
      how: 'limit alarm on bearing_temp or vibration before the repair',
    },
    {
      name: `stuck sensor ${FAULT_SCRIPT.stuck.series}`,
      hit:
        warnings.some(
          (w) =>
            w.seriesId === dev(FAULT_SCRIPT.stuck.series) &&
            inWindow(w.ts, FAULT_SCRIPT.stuck.from, FAULT_SCRIPT.stuck.to + 5 * 60_000),
        ) ||
        raised.some(
          (e) =>
            sourceOf(e) === dev(FAULT_SCRIPT.stuck.series) &&
            inWindow(e.ts, FAULT_SCRIPT.stuck.from, FAULT_SCRIPT.stuck.to),
        ),
      how: 'stuck warning (or alarm) while frozen',
    },
    {
      name: `silent gateway ${FAULT_SCRIPT.gap.device}`,
      hit: raised.some(
        (e) =>
          sourceOf(e).startsWith(`${dev(FAULT_SCRIPT.gap.device)}/`) &&
          e.data.condition === 'missing' &&
          inWindow(e.ts, FAULT_SCRIPT.gap.from, FAULT_SCRIPT.gap.to + 15 * 60_000),
      ),
      how: 'missing-data alarm',
    },
    {
      name: `unlabelled °F ${FAULT_SCRIPT.unlabelledF.series}`,
      hit: raised.some(
        (e) =>
          sourceOf(e) === dev(FAULT_SCRIPT.unlabelledF.series) &&
          inWindow(e.ts, FAULT_SCRIPT.unlabelledF.from, FAULT_SCRIPT.unlabelledF.to + 5 * 60_000),
      ),
      how: 'limit alarm while °F arrives unlabelled',
    },
  ];
  const stuckHealthy = warnings.filter((w) => w.seriesId !== dev(FAULT_SCRIPT.stuck.series));

  const rows: BenchRow[] = [
    {
      name: 'annunciated alarms per hour',
      value: k.perHour,
      unit: '/h',
      goal: `≤ ${KPI_TARGETS.perHour} (EEMUA 191, one console)`,
      pass: k.meets.perHour,
      notes: `${k.annunciated} alarms in 24 h, ${k.silenced} silenced (shelved or suppressed)`,
    },
    {
      name: 'peak alarms in any 10 min',
      value: k.peak10Min.count,
      unit: 'alarms',
      goal: `≤ ${KPI_TARGETS.per10Min}`,
      pass: k.meets.peak10Min,
      notes: `from ${fmtTime(k.peak10Min.at)} CST; ${k.floods.intervals} 10-min intervals over ${KPI_TARGETS.per10Min}`,
    },
    {
      name: 'chattering alarms (≥ 3 a minute)',
      value: k.chattering.length,
      unit: 'alarms',
      goal: '0',
      pass: k.meets.noChattering,
      ...(k.chattering.length
        ? { notes: k.chattering.map((c) => `${c.key} (${c.maxPerMinute}/min)`).join(', ') }
        : {}),
    },
    {
      name: 'standing alarms (active > 1 h at the end)',
      value: k.standing.length,
      unit: 'alarms',
      goal: 'reported',
      pass: true,
      notes: `${k.standing.filter((s) => s.stale).length} stale (> 24 h)${k.standing.length ? `: ${k.standing.map((s) => `${s.key} ${(s.activeMs / HOUR).toFixed(1)} h`).join(', ')}` : ''}`,
    },
    { name: 'shelved alarms', value: k.shelved.length, unit: 'alarms', goal: 'reported', pass: true },
    {
      name: 'stuck-sensor warnings on healthy series',
      value: stuckHealthy.length,
      unit: 'warnings',
      goal: '0',
      pass: stuckHealthy.length === 0,
      ...(stuckHealthy.length
        ? {
            notes: stuckHealthy
              .slice(0, 5)
              .map((w) => w.message)
              .join(' | '),
          }
        : {}),
    },
    {
      name: 'scripted faults alarmed',
      value: faults.filter((f) => f.hit).length,
      unit: `of ${faults.length}`,
      goal: 'all',
      pass: faults.every((f) => f.hit),
      notes: faults.map((f) => `${f.name}: ${f.hit ? 'yes' : 'NO'} (${f.how})`).join('; '),
    },
    {
      name: 'replay speed',
      value: (26 * HOUR) / r.ms,
      unit: '× real time',
      goal: 'reported',
      pass: true,
      notes: `${r.points} readings (26 h incl. 2 h warm-up, the last ${liveHours} h at live sampling) in ${(r.ms / 1000).toFixed(1)} s; ${gaps.length} gap warnings`,
    },
  ];
  await r.close();
  if (args.includes('--json')) {
    console.log(
      JSON.stringify(
        { benchmark: 'demo alarm load', rows, kpis: k, stuckWarnings: warnings, faults },
        null,
        2,
      ),
    );
    return;
  }
  printRows('demo alarm load (24 h, EEMUA 191 / ISA-18.2)', rows, args);
  console.log('\ntop 10 bad actors');
  for (const a of k.topBadActors)
    console.log(`  ${String(a.count).padStart(4)}  ${(a.share * 100).toFixed(0).padStart(3)} %  ${a.key}`);
}
