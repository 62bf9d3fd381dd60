/**
 * How much faster than needed the demo can publish. Measures, in one run:
 * - baseline: publishing pre-serialised frames to an in-process aedes broker (pure MQTT cost);
 * - the simulation alone (model steps, no I/O);
 * - the whole demo path (simulate, serialise, publish QoS 1 and wait for acknowledgements).
 * The goal is headroom: the whole path must sustain well over the ~8,300 points/s that
 * `speed: 60` needs with 1 s machine sampling. Run: `npm run bench -- demo [--json]`.
 */
import mqtt from 'mqtt';
import { createDemoModel } from '../src/demo/index.js';
import { startPlainBroker } from '../src/ingest/mqtt/plain-broker.fixture.js';
import { type BenchRow, printRows } from './lib/table.js';

const START = Date.parse('2026-06-01T06:00:00+08:00');
const SIM_MS = 2 * 3_600_000; // two simulated hours of the early shift
const FRAME_MS = 60_000; // a frame per real second at speed 60

export async function run(args: string[]): Promise<void> {
  const broker = await startPlainBroker();
  const client = await mqtt.connectAsync(broker.url, { clientId: 'bench-demo' });

  // Simulation alone; the frames are kept, serialised, for the MQTT baseline.
  const model = createDemoModel({ seed: 42, start: START });
  const frames: Array<Array<[string, string]>> = [];
  let points = 0;
  let t0 = performance.now();
  for (let t = START + FRAME_MS; t <= START + SIM_MS; t += FRAME_MS) {
    const f = model.advance(t);
    for (const p of f.values()) points += p.length;
    frames.push([...f].map(([topic, pts]) => [topic, JSON.stringify(pts)]));
  }
  const simRate = points / ((performance.now() - t0) / 1000);

  t0 = performance.now();
  for (const f of frames)
    await Promise.all(f.map(([topic, payload]) => client.publishAsync(topic, payload, { qos: 1 })));
  const mqttRate = points / ((performance.now() - t0) / 1000);

  const whole = createDemoModel({ seed: 42, start: START });
  t0 = performance.now();
  for (let t = START + FRAME_MS; t <= START + SIM_MS; t += FRAME_MS) {
    const f = whole.advance(t);
    await Promise.all(
      [...f].map(([topic, pts]) => client.publishAsync(topic, JSON.stringify(pts), { qos: 1 })),
    );
  }
  const wholeRate = points / ((performance.now() - t0) / 1000);
  await client.endAsync();
  await broker.close();

  const needed = (points / SIM_MS) * 1000 * 60;
  const rows: BenchRow[] = [
    {
      name: 'simulation only',
      value: simRate,
      unit: 'points/s',
      baseline: { name: 'MQTT publish only', value: mqttRate },
      ratio: simRate / mqttRate,
      goal: '≥ 1× MQTT (simulation is not the bottleneck)',
      pass: simRate >= mqttRate,
    },
    {
      name: 'simulate + publish (QoS 1, acked)',
      value: wholeRate,
      unit: 'points/s',
      baseline: { name: 'MQTT publish only', value: mqttRate },
      ratio: wholeRate / mqttRate,
      goal: '≥ 0.5× MQTT',
      pass: wholeRate >= 0.5 * mqttRate,
    },
    {
      name: 'headroom at speed 60',
      value: wholeRate / needed,
      unit: '×',
      goal: `≥ 5× the ${Math.round(needed)} points/s needed`,
      pass: wholeRate / needed >= 5,
      notes: `${points} points over ${SIM_MS / 3_600_000} simulated hours in ${frames.length} frames`,
    },
  ];
  printRows('demo publishing throughput', rows, args);
}
