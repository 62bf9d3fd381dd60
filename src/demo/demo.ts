import mqtt, { type MqttClient } from 'mqtt';
import { systemClock, XinzhiError } from '../core/index.js';
import { silentLogger } from '../core/logger.js';
import { createDemoModel, type DemoModel, type DemoPoint } from './model.js';
import type { DemoOptions } from './options.js';
import { metaTopic } from './topics.js';

export interface DemoStats {
  readonly connected: boolean;
  readonly running: boolean;
  readonly seed: number;
  readonly speed: number;
  /** Simulated start and the simulated time published up to (UTC ms). */
  readonly simStart: number;
  readonly simTime: number;
  /** How far publishing trails the simulated clock (simulated ms). */
  readonly lagMs: number;
  readonly frames: number;
  readonly messages: number;
  readonly points: number;
  readonly bytes: number;
  readonly errors: number;
}

/** Where `backfill` hands the history: one chunk of samples grouped by topic, in time order. */
export type HistorySink = (samples: Map<string, DemoPoint[]>, upTo: number) => Promise<void>;

export interface Demo {
  /**
   * Produces the history (from the simulated start to `history.until`, at the history's sampling)
   * in chunks of `chunkMs` simulated time and hands each to `sink`, without publishing; `start()`
   * then publishes from `history.until` on. Call it before `start()`, once.
   */
  backfill(sink: HistorySink, chunkMs?: number): Promise<{ points: number }>;
  /** Connects, publishes the retained asset descriptions, then starts publishing readings. */
  start(): Promise<void>;
  /** Stops publishing, waits for in-flight messages to be acknowledged, disconnects. */
  stop(): Promise<void>;
  stats(): DemoStats;
  /** The simulated world (assets, fault calendar), for callers that want to show it. */
  readonly model: DemoModel;
}

/**
 * The demo factory, farm and fleet as MQTT devices. Readings go out as real devices would send
 * them: QoS 1, one JSON array of `{ ts, value, unit }` per topic per simulated frame, where a
 * frame is `tickMs × speed` simulated ms and is published once the simulated clock has passed it.
 * Frame boundaries depend only on the options, so the same seed gives the same messages.
 *
 * @example
 *   const demo = createDemo({ brokerUrl: 'mqtt://127.0.0.1:1883', seed: 42, speed: 60 });
 *   await demo.start(); // … later: await demo.stop();
 */
export function createDemo(options: DemoOptions): Demo {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const seed = options.seed ?? 42;
  const speed = options.speed ?? 1;
  const tickMs = options.tickMs ?? 1000;
  const maxFrames = options.maxFramesPerTick ?? 20;
  if (!(Number.isFinite(speed) && speed > 0))
    throw new XinzhiError('BAD_INPUT', `speed must be a positive number, got ${speed}`, { field: 'speed' });
  if (!Number.isInteger(seed))
    throw new XinzhiError('BAD_INPUT', `seed must be an integer, got ${seed}`, { field: 'seed' });
  if (!(Number.isFinite(tickMs) && tickMs >= 10))
    throw new XinzhiError('BAD_INPUT', `tickMs must be ≥ 10, got ${tickMs}`, { field: 'tickMs' });
  const start = options.start ?? Math.floor(clock.now() / 1000) * 1000;
  if (!Number.isFinite(start))
    throw new XinzhiError('BAD_INPUT', `start must be a time in ms, got ${start}`, { field: 'start' });
  let model: DemoModel;
  try {
    model = createDemoModel({
      seed,
      start,
      ...(options.intervals ? { intervals: options.intervals } : {}),
      ...(options.fleetPlans ? { fleetPlans: options.fleetPlans } : {}),
      ...(options.history ? { history: options.history } : {}),
    });
  } catch (e) {
    throw new XinzhiError('BAD_INPUT', (e as Error).message, { field: 'intervals', cause: e });
  }
  const frameMs = tickMs * speed;

  let client: MqttClient | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let inFlight: Promise<void> = Promise.resolve();
  let realStart = 0;
  let frameEnd = start + frameMs;
  /** Simulated time at which publishing starts: the start, or the end of a backfilled history. */
  let simBase = start;
  const counts = { frames: 0, messages: 0, points: 0, bytes: 0, errors: 0 };

  const publish = (topic: string, payload: string, retain: boolean): Promise<void> => {
    const c = client;
    if (!c) return Promise.resolve();
    counts.messages++;
    counts.bytes += payload.length;
    return c.publishAsync(topic, payload, { qos: 1, retain }).then(
      () => undefined,
      (err: unknown) => {
        counts.errors++;
        logger.warn({ err, topic }, 'demo publish failed');
      },
    );
  };

  /** Simulated time the clock has reached (capped at real now when asked). */
  const target = (): number => {
    const t = simBase + (clock.now() - realStart) * speed;
    return options.notAfterNow ? Math.min(t, clock.now()) : t;
  };

  const round = async (): Promise<void> => {
    for (let n = 0; n < maxFrames && running && frameEnd <= target(); n++) {
      const frame = model.advance(frameEnd);
      const sends: Promise<void>[] = [];
      for (const [topic, points] of frame) {
        counts.points += points.length;
        sends.push(publish(topic, JSON.stringify(points), false));
      }
      counts.frames++;
      // Once capped at real time, publish a frame per tick of real time instead of per tick × speed.
      const capped = options.notAfterNow === true && frameEnd + frameMs > clock.now();
      frameEnd += capped ? tickMs : frameMs;
      // The next frame waits for the broker's acknowledgements: backpressure, and the event loop
      // stays free for stop() and other work when the simulation cannot keep up with `speed`.
      await Promise.all(sends);
    }
  };

  const loop = (): void => {
    if (!running) return;
    inFlight = round().finally(() => {
      if (running) timer = setTimeout(loop, tickMs);
    });
  };

  return {
    model,
    async backfill(sink, chunkMs = 3_600_000) {
      if (running || counts.frames > 0) throw new Error('backfill() must come before start()');
      const until = options.history?.until ?? start;
      // The farm may start earlier than the factory (weeks of weather): begin where it begins.
      let t = start - (options.history?.farmLeadMs ?? 0);
      let points = 0;
      while (t < until) {
        t = Math.min(until, t + chunkMs);
        const samples = model.advance(t);
        for (const list of samples.values()) points += list.length;
        await sink(samples, t);
      }
      // Live frames continue from the end of the history; close to now (the usual case: the
      // history ends where the backfill began) they are a tick of real time long, as in round().
      const capped = options.notAfterNow === true && until + frameMs > clock.now();
      frameEnd = Math.max(frameEnd, until + (capped ? tickMs : frameMs));
      simBase = Math.max(simBase, until);
      return { points };
    },
    async start() {
      if (running) return;
      try {
        client = await mqtt.connectAsync(options.brokerUrl, {
          clientId: options.clientId ?? `xinzhi-demo-${seed}`,
          clean: true,
          reconnectPeriod: 2000,
          connectTimeout: 10_000,
          ...(options.username !== undefined ? { username: options.username } : {}),
          ...(options.password !== undefined ? { password: options.password } : {}),
        });
      } catch (e) {
        throw new XinzhiError(
          'BAD_INPUT',
          `cannot connect to MQTT broker ${options.brokerUrl}: ${(e as Error).message}`,
          {
            field: 'brokerUrl',
            cause: e,
          },
        );
      }
      client.on('error', (err) => {
        counts.errors++;
        logger.warn({ err }, 'demo MQTT client error');
      });
      await Promise.all(model.assets.map((a) => publish(metaTopic(a.id), JSON.stringify(a), true)));
      realStart = clock.now();
      running = true;
      logger.info(
        { brokerUrl: options.brokerUrl, seed, speed, start: new Date(start).toISOString() },
        'demo started',
      );
      loop();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await inFlight;
      const c = client;
      client = undefined;
      if (c) await c.endAsync();
      logger.info({ ...counts }, 'demo stopped');
    },
    stats() {
      return {
        connected: client?.connected ?? false,
        running,
        seed,
        speed,
        simStart: start,
        simTime: model.now,
        lagMs: running ? Math.max(0, target() - model.now) : 0,
        ...counts,
      };
    },
  };
}
