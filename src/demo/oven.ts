/**
 * The demo's live control loop: a curing oven on line 2 as an MQTT device. Its heater takes the output
 * the server's loop publishes on `xinzhi/cmd/<oven>/heater` (0–100 %), and it reports its chamber
 * temperature every second on `xinzhi/v1/<oven>/temp` like any other device, so the loop runs end to end
 * through the broker and ingest: PV → ingest → store → live bus → PID → actuator topic → oven.
 *
 * The physics is the control engine's thermal twin (two heat capacities, heat loss, a 2 s transport
 * delay) sized like a small lab oven so a setpoint change settles in about a minute; it runs in real
 * time, independent of the demo's history speed-up.
 */
import mqtt, { type MqttClient } from 'mqtt';
import {
  attachTwin,
  buildPlant,
  Channel,
  type LoopConfigInput,
  type PlantSpec,
  PlantTwin,
  realTimer,
} from '../control/index.js';
import { type Clock, type Logger, silentLogger, systemClock } from '../core/index.js';
import { FACTORY } from './machines.js';
import { dataTopic } from './topics.js';
import type { AssetMeta } from './types.js';

export const OVEN_ID = `${FACTORY.site}/${FACTORY.area}/line2/oven-01`;
export const OVEN_CMD_TOPIC = `xinzhi/cmd/${OVEN_ID}/heater`;

/** 3 kW heater, K = 2 K/% (200 K at full duty over ambient 20 °C), θ = 2 s, dominant lag ≈ 70 s. */
export const OVEN_PLANT: PlantSpec = {
  kind: 'thermal',
  maxPower: 3000,
  elementCapacity: 150,
  chamberCapacity: 900,
  elementConductance: 30,
  lossConductance: 15,
  ambient: 20,
  deadTime: 2,
  opScale: 0.01,
};

export const OVEN_META: AssetMeta = {
  id: OVEN_ID,
  parentId: `${FACTORY.site}/${FACTORY.area}/line2`,
  kind: 'equipment',
  name: 'Curing oven 01',
  type: 'oven',
  attributes: { heaterW: 3000, controlLoop: `${OVEN_ID}/TIC-101` },
  metrics: {
    temp: {
      unit: 'Cel',
      description: 'Chamber temperature (PV of TIC-101)',
      min: 0,
      max: 260,
      intervalMs: 1000,
      signal: 'gauge',
    },
  },
};

/**
 * TIC-101 as `serve --demo` creates it: a deliberately sluggish PI (Kc 1 %/K, Ti 120 s) so the tuning
 * assistant has something to improve; the oven starts steady at 100 °C with 40 % heat.
 */
export const OVEN_LOOP: LoopConfigInput = {
  id: `${OVEN_ID}/TIC-101`,
  description: 'Curing oven 01 chamber temperature',
  pvSeries: `${OVEN_ID}/temp`,
  opTopic: OVEN_CMD_TOPIC,
  opUnit: '%',
  plant: OVEN_PLANT,
  sampleTimeMs: 1000,
  setpoint: 100,
  mode: 'auto',
  manualOutput: 40,
  tuning: { kc: 1, ti: 120 },
  limits: { outMin: 0, outMax: 100 },
};

export interface OvenDevice {
  stop(): Promise<void>;
  /** The twin, for tests. */
  readonly twin: PlantTwin;
}

/** Connects the oven to the broker, follows its heater topic and publishes its temperature. */
export async function startOvenDevice(o: {
  brokerUrl: string;
  username?: string;
  password?: string;
  clock?: Clock;
  logger?: Logger;
  periodMs?: number;
  initialOutput?: number;
}): Promise<OvenDevice> {
  const clock = o.clock ?? systemClock;
  const logger = o.logger ?? silentLogger;
  const client: MqttClient = await mqtt.connectAsync(o.brokerUrl, {
    clientId: `xinzhi-demo-oven-${process.pid}`,
    reconnectPeriod: 1000,
    ...(o.username === undefined ? {} : { username: o.username }),
    ...(o.password === undefined ? {} : { password: o.password }),
  });
  const heater = new Channel();
  client.on('message', (topic, payload) => {
    if (topic !== OVEN_CMD_TOPIC) return;
    try {
      const msg = JSON.parse(payload.toString('utf8')) as { ts?: unknown; value?: unknown };
      if (typeof msg.value === 'number' && Number.isFinite(msg.value))
        heater.publish({ ts: typeof msg.ts === 'number' ? msg.ts : clock.now(), value: msg.value });
      else logger.warn({ topic }, 'oven: heater command without a numeric value ignored');
    } catch {
      logger.warn({ topic }, 'oven: heater command is not JSON; ignored');
    }
  });
  await client.subscribeAsync(OVEN_CMD_TOPIC, { qos: 0 });
  const twin = new PlantTwin(buildPlant(OVEN_PLANT), { initialInput: o.initialOutput ?? 40 });
  const topic = dataTopic(OVEN_ID, 'temp');
  const stopTwin = attachTwin({
    twin,
    timer: realTimer,
    clock,
    op: heater,
    periodMs: o.periodMs ?? 1000,
    publish: (r) => {
      const payload = JSON.stringify({ ts: r.ts, value: Math.round(r.value * 1000) / 1000, unit: 'Cel' });
      client.publish(topic, payload, { qos: 1 }, (err) => {
        if (err) logger.warn({ err: err.message }, 'oven: temperature not published');
      });
    },
  });
  return {
    twin,
    async stop() {
      stopTwin();
      await client.endAsync();
    },
  };
}
