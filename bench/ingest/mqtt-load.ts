/**
 * The MQTT load generator of the benchmark, run in a worker thread so that it does not share an
 * event loop with the server it measures. Each device client keeps `window` QoS 1 messages in
 * flight; a message carries `pointsPerMessage` readings of one metric (a gateway flushing its
 * buffer), and its latency is publish → PUBACK, which the server sends only after the commit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import mqtt from 'mqtt';

export interface LoadConfig {
  readonly url: string;
  readonly clients: number;
  readonly metrics: number;
  readonly pointsPerMessage: number;
  readonly window: number;
  /**
   * Open loop: each client publishes this many messages per second whatever the acks do (the
   * offered load of a fleet of devices), instead of keeping `window` in flight (closed loop).
   */
  readonly ratePerClient?: number;
  readonly seconds: number;
  readonly t0: number;
}

export interface LoadResult {
  readonly messages: number;
  readonly points: number;
  readonly elapsedMs: number;
  readonly latenciesMs: number[];
  readonly errors: number;
}

async function run(cfg: LoadConfig): Promise<LoadResult> {
  const clients = await Promise.all(
    Array.from({ length: cfg.clients }, (_, i) =>
      mqtt.connectAsync(cfg.url, { clientId: `bench-${i}`, reconnectPeriod: 0 }),
    ),
  );
  // Warm-up: one reading per device metric creates the series (a one-time cost) before timing.
  await Promise.all(
    clients.flatMap((c, i) =>
      Array.from({ length: cfg.metrics }, (_, m) =>
        c.publishAsync(
          `xinzhi/v1/bench/line${i % 10}/dev${i}/m${m}`,
          JSON.stringify({ ts: cfg.t0 - 1000, value: 20 }),
          {
            qos: 1,
          },
        ),
      ),
    ),
  );
  const latencies: number[] = [];
  let messages = 0;
  let errors = 0;
  let stop = false;
  const start = performance.now();
  const done = clients.map(
    (c, i) =>
      new Promise<void>((resolve) => {
        let seq = 0;
        let inflight = 0;
        const open = cfg.ratePerClient !== undefined;
        const publishOne = (): void => {
          const metric = seq % cfg.metrics;
          const points = [];
          for (let k = 0; k < cfg.pointsPerMessage; k++) {
            // The n-th reading of this device metric, 1 s apart: unique, so nothing is a duplicate.
            const n = Math.floor(seq / cfg.metrics) * cfg.pointsPerMessage + k;
            points.push({ ts: cfg.t0 + n * 1000, value: 20 + (n % 97) / 10 });
          }
          seq++;
          inflight++;
          const sent = performance.now();
          c.publish(
            `xinzhi/v1/bench/line${i % 10}/dev${i}/m${metric}`,
            JSON.stringify(points),
            { qos: 1 },
            (e) => {
              inflight--;
              if (e) errors++;
              else {
                messages++;
                latencies.push(performance.now() - sent);
              }
              if (stop) {
                if (inflight === 0) resolve();
              } else if (!open) publishOne();
            },
          );
        };
        if (open) {
          // Spread the clients' ticks over the interval so the offered load is smooth.
          const every = 1000 / (cfg.ratePerClient ?? 1);
          setTimeout(
            () => {
              const timer = setInterval(() => {
                if (stop) {
                  clearInterval(timer);
                  if (inflight === 0) resolve();
                  return;
                }
                publishOne();
              }, every);
            },
            (i * every) / cfg.clients,
          );
        } else for (let w = 0; w < cfg.window; w++) publishOne();
      }),
  );
  setTimeout(() => {
    stop = true;
  }, cfg.seconds * 1000);
  await Promise.all(done);
  const elapsedMs = performance.now() - start;
  await Promise.all(clients.map((c) => c.endAsync()));
  return { messages, points: messages * cfg.pointsPerMessage, elapsedMs, latenciesMs: latencies, errors };
}

if (parentPort && workerData) {
  const port = parentPort;
  run(workerData as LoadConfig).then(
    (r) => port.postMessage(r),
    (e: unknown) => port.postMessage({ error: String(e) }),
  );
}
