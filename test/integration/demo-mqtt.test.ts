/**
 * The demo against a real MQTT broker (aedes, in-process, on a free port) with a real `mqtt`
 * subscriber: the scripted faults arrive at their documented times, and two runs with the same
 * seed send the same messages.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/demo/calendar.js';
import { createDemo, FAULT_SCRIPT, META_PREFIX } from '../../src/demo/index.js';
import { type PlainBroker, startPlainBroker } from '../../src/ingest/mqtt/plain-broker.fixture.js';

interface Msg {
  readonly topic: string;
  readonly payload: string;
}
interface Pt {
  readonly ts: number;
  readonly value: number;
  readonly unit?: string;
}

const START = Date.parse('2026-06-01T06:00:00+08:00'); // = T0 of the fault script
const INTERVALS = { factory: 60_000, farm: 600_000, fleet: 60_000 };
let broker: PlainBroker;
let url = '';

beforeAll(async () => {
  broker = await startPlainBroker();
  url = broker.url;
});

afterAll(() => broker.close());

/** Runs the demo until `done(messages)` holds, collecting everything under `xinzhi/`. */
async function record(seed: number, done: (msgs: Msg[]) => boolean, clientId: string): Promise<Msg[]> {
  const sub = await mqtt.connectAsync(url, { clientId: `${clientId}-sub` });
  const msgs: Msg[] = [];
  sub.on('message', (topic, payload) => msgs.push({ topic, payload: payload.toString('utf8') }));
  await sub.subscribeAsync('xinzhi/#', { qos: 1 });
  const demo = createDemo({
    brokerUrl: url,
    seed,
    speed: 24_000,
    start: START,
    tickMs: 50,
    intervals: INTERVALS,
    clientId,
  });
  await demo.start();
  const deadline = Date.now() + 20_000;
  while (!done(msgs) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await demo.stop();
  await sub.endAsync();
  return msgs;
}

const series = (msgs: Msg[], suffix: string): Pt[] =>
  msgs
    .filter((m) => m.topic === `xinzhi/v1/${suffix}`)
    .flatMap((m) => JSON.parse(m.payload) as Pt[])
    .sort((a, b) => a.ts - b.ts);
const inRange = (pts: Pt[], from: number, to: number): Pt[] =>
  pts.filter((p) => p.ts >= START + from && p.ts < START + to);
const mean = (pts: Pt[]): number => pts.reduce((s, p) => s + p.value, 0) / pts.length;

describe('demo over MQTT', () => {
  let msgs: Msg[] = [];
  const reached = (t: number) => (m: Msg[]) =>
    m.some(
      (x) => x.topic.endsWith('line1/cnc-01/state') && (JSON.parse(x.payload) as Pt[]).some((p) => p.ts >= t),
    );

  beforeAll(async () => {
    msgs = await record(42, reached(START + 9.5 * HOUR), 'demo-a');
  });

  it('publishes asset metadata, retained, and batches of readings', async () => {
    const metas = msgs.filter((m) => m.topic.startsWith(META_PREFIX));
    expect(metas.length).toBe(42); // 24 factory, 11 farm, 7 fleet assets
    const cnc = JSON.parse(metas.find((m) => m.topic.endsWith('line1/cnc-01'))!.payload);
    expect(cnc).toMatchObject({ kind: 'equipment', type: 'cnc-mill', attributes: { idealCycleTimeS: 60 } });
    // A client connecting later still gets the descriptions (retained).
    const late = await mqtt.connectAsync(url, { clientId: 'late' });
    const got: string[] = [];
    late.on('message', (t, _p, packet) => packet.retain && got.push(t));
    await late.subscribeAsync(`${META_PREFIX}#`, { qos: 1 });
    await new Promise((r) => setTimeout(r, 200));
    await late.endAsync();
    expect(got.length).toBe(42);
    const data = msgs.filter((m) => m.topic.startsWith('xinzhi/v1/'));
    expect(data.length).toBeGreaterThan(1000);
    expect((JSON.parse(data[0]!.payload) as Pt[]).length).toBeGreaterThan(1);
  });

  it('degrades a bearing exponentially until the machine fails, then repairs it', () => {
    const m = FAULT_SCRIPT.bearing.machines[0]; // day 0
    const vib = series(msgs, `factory1/assembly/${m}/vibration`);
    const state = series(msgs, `factory1/assembly/${m}/state`);
    const running = (from: number, to: number): Pt[] => {
      const runTs = new Set(
        inRange(state, from, to)
          .filter((p) => p.value === 1)
          .map((p) => p.ts),
      );
      return inRange(vib, from, to).filter((p) => runTs.has(p.ts));
    };
    const early = mean(running(1 * HOUR, 2 * HOUR));
    const mid = mean(running(4 * HOUR, 5 * HOUR));
    const late = mean(running(6 * HOUR + 20 * MINUTE, 7 * HOUR));
    expect(mid).toBeGreaterThan(1.3 * early);
    expect(late).toBeGreaterThan(2.5 * mid); // accelerating, not linear
    const temp = series(msgs, `factory1/assembly/${m}/bearing_temp`);
    expect(
      mean(inRange(temp, 6.5 * HOUR, 7 * HOUR)) - mean(inRange(temp, 1 * HOUR, 1.5 * HOUR)),
    ).toBeGreaterThan(15);
    expect(inRange(state, 7 * HOUR, 9 * HOUR).every((p) => p.value === 3)).toBe(true);
    const parts = series(msgs, `factory1/assembly/${m}/parts_total`);
    expect(inRange(parts, 9 * HOUR, 9.5 * HOUR)[0]!.value).toBeLessThan(
      inRange(parts, 6 * HOUR, 7 * HOUR)[0]!.value,
    );
  });

  it('freezes the stuck pressure sensor for its window only', () => {
    const { from, to } = FAULT_SCRIPT.stuck;
    const p = series(msgs, 'factory1/assembly/line2/pump-02/pressure');
    const stuck = inRange(p, from, to);
    expect(stuck.length).toBe((to - from) / INTERVALS.factory);
    expect(new Set(stuck.map((x) => x.value)).size).toBe(1);
    expect(new Set(inRange(p, from - 30 * MINUTE, from).map((x) => x.value)).size).toBeGreaterThan(5);
    expect(new Set(inRange(p, to, to + 30 * MINUTE).map((x) => x.value)).size).toBeGreaterThan(5);
  });

  it('goes silent on the press for the communication gap', () => {
    const { from, to } = FAULT_SCRIPT.gap;
    for (const metric of ['state', 'current', 'pressure', 'parts_total']) {
      const pts = series(msgs, `factory1/assembly/line1/press-01/${metric}`);
      expect(inRange(pts, from, to)).toEqual([]);
      expect(inRange(pts, from - 10 * MINUTE, from).length).toBe(10);
      expect(inRange(pts, to, to + 10 * MINUTE).length).toBe(10);
    }
  });

  it('sends Fahrenheit: labelled on cnc-06 from T0 + 3 h, unlabelled on compressor-01 during its window', () => {
    const f = series(msgs, 'factory1/assembly/line2/cnc-06/spindle_temp');
    const switched = FAULT_SCRIPT.labelledF.from;
    expect(inRange(f, 0, switched).every((p) => p.unit === 'Cel' && p.value < 60)).toBe(true);
    expect(inRange(f, switched, 24 * HOUR).every((p) => p.unit === '[degF]' && p.value > 60)).toBe(true);
    const { from, to } = FAULT_SCRIPT.unlabelledF;
    const c = series(msgs, 'factory1/assembly/line1/compressor-01/bearing_temp');
    const bad = inRange(c, from, to);
    expect(bad.length).toBe(60);
    expect(bad.every((p) => p.unit === undefined)).toBe(true);
    expect(inRange(c, from - HOUR, from).every((p) => p.unit === 'Cel')).toBe(true);
    expect(inRange(c, to, to + 30 * MINUTE).every((p) => p.unit === 'Cel')).toBe(true);
    // °F of a ~45 °C bearing: ~113.
    expect(mean(bad)).toBeGreaterThan(1.6 * mean(inRange(c, from - HOUR, from)));
  });

  it('sends identical messages for the same seed', async () => {
    // Readings only: a new subscriber also gets the first run's retained descriptions first.
    const data = (m: Msg[]): Msg[] => m.filter((x) => x.topic.startsWith('xinzhi/v1/'));
    const n = 600;
    const again = await record(42, (m) => data(m).length >= n, 'demo-b');
    expect(data(again).slice(0, n)).toEqual(data(msgs).slice(0, n));
    const other = await record(43, (m) => data(m).length >= n, 'demo-c');
    expect(data(other).slice(0, n)).not.toEqual(data(msgs).slice(0, n));
  });

  it('with notAfterNow, catches up fast and never publishes a future timestamp', async () => {
    const sub = await mqtt.connectAsync(url, { clientId: 'future-sub' });
    let future = 0;
    let latest = 0;
    sub.on('message', (topic, payload) => {
      if (!topic.startsWith('xinzhi/v1/')) return;
      const now = Date.now();
      for (const p of JSON.parse(payload.toString('utf8')) as Pt[]) {
        if (p.ts > now) future++;
        latest = Math.max(latest, p.ts);
      }
    });
    await sub.subscribeAsync('xinzhi/v1/factory1/assembly/line1/cnc-01/#', { qos: 1 });
    const demo = createDemo({
      brokerUrl: url,
      speed: 600,
      tickMs: 50,
      start: Date.now() - 10 * MINUTE,
      notAfterNow: true,
      clientId: 'demo-live',
    });
    await demo.start();
    // Ten simulated minutes at 600× take about one second; after that it runs in real time. A loaded
    // machine may take longer to get there, so wait for it (bounded) rather than for a fixed time.
    const deadline = Date.now() + 10_000;
    while (Date.now() - latest >= 1500 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const lag = Date.now() - latest;
    await new Promise((r) => setTimeout(r, 500));
    await demo.stop();
    await sub.endAsync();
    expect(future).toBe(0);
    expect(lag).toBeLessThan(1500);
  });
});

describe('demo after a backfilled history', () => {
  it('publishes from the end of the history on, live at once (not replaying the history first)', async () => {
    const now = Date.now();
    const until = Math.floor((now - 5000) / 1000) * 1000;
    const sub = await mqtt.connectAsync(url, { clientId: 'history-sub' });
    const first: number[] = [];
    sub.on('message', (topic, payload) => {
      if (topic !== 'xinzhi/v1/factory1/assembly/line1/cnc-01/state') return;
      for (const p of JSON.parse(payload.toString('utf8')) as Pt[]) first.push(p.ts);
    });
    await sub.subscribeAsync('xinzhi/v1/#', { qos: 1 });
    const demo = createDemo({
      brokerUrl: url,
      speed: 240,
      start: now - 24 * HOUR, // a day at 240× would take 6 minutes to replay
      notAfterNow: true,
      history: { until, farmLeadMs: 0 },
      clientId: 'history-demo',
    });
    let history = 0;
    const r = await demo.backfill(async (samples) => {
      history += samples.get('xinzhi/v1/factory1/assembly/line1/cnc-01/state')?.length ?? 0;
    });
    expect(r.points).toBeGreaterThan(0);
    expect(history).toBe(24 * 60 + 1); // the day at 60 s, and one sample a second before `until`
    await demo.start();
    const deadline = Date.now() + 10_000;
    while (first.length < 3 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    await demo.stop();
    await sub.endAsync();
    // live samples start where the history ended, on the 1 s grid, never in the future
    expect(first[0]).toBe(until);
    expect(first.slice(0, 3)).toEqual([until, until + 1000, until + 2000]);
    expect(Math.max(...first)).toBeLessThanOrEqual(Date.now());
    await expect(demo.backfill(async () => {})).rejects.toThrow(/before start/);
  }, 30_000);
});
