/** The poller against real peers: modbus-serial's ServerTCP on a free port, and a server that never answers. */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../core/index.js';
import type { QuarantineInput, Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { createIngestBatcher } from '../mqtt/batcher.js';
import { createIngestPipeline } from '../pipeline/create-ingest-pipeline.js';
import type { RawReading } from '../types.js';
import { float32Words, startModbusServer, startSilentServer } from './modbus-server.fixture.js';
import { type ModbusPoller, startModbusPoller } from './poller.js';
import { parseRegisterMap } from './register-map.js';

const MAP = parseRegisterMap(`
name: test meter
groups: { fast: 1000, slow: 60000 }
registers:
  - { metric: voltage, table: input, address: 0, type: float32, unit: V }
  - { metric: current, table: input, address: 2, type: float32, order: CDAB, unit: A }
  - { metric: temp, table: holding, address: 10, type: int16, scale: 0.1, unit: Cel }
  - { metric: energy, table: holding, address: 20, type: uint32, order: CDAB, scale: 0.01, unit: kW.h, group: slow }
  - { metric: running, table: coil, address: 0 }
  - { metric: missing, table: holding, address: 500 }
  - { metric: power, table: input, address: 40, type: float32, unit: W }
`);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('Modbus TCP poller', () => {
  it('reads every table and type through the pipeline; a bad address and a NaN do not stop the rest', async () => {
    const server = await startModbusServer();
    cleanups.push(() => server.close());
    const [v0, v1] = float32Words(230.5);
    server.input.set(0, v0).set(1, v1);
    const [c0, c1] = float32Words(12.25);
    server.input.set(2, c1).set(3, c0); // CDAB: low word first
    server.holding.set(10, 0xffff - 49); // -50 → -5.0 °C
    server.holding.set(20, 0x86a0).set(21, 0x0001); // 100000 CDAB → 1000.00 kWh
    server.coils.set(0, true);
    const [n0, n1] = float32Words(Number.NaN);
    server.input.set(40, n0).set(41, n1);

    const store: Store = await openSqliteStore(':memory:');
    cleanups.push(() => store.close());
    const pipeline = createIngestPipeline({ store, clock: systemClock, logger: silentLogger });
    const batcher = createIngestBatcher({ pipeline, logger: silentLogger, source: 'modbus' });
    const poller = startModbusPoller({
      devices: [
        { id: 'm1', host: '127.0.0.1', port: server.port, asset: 'plant/meter1', map: MAP, retries: 0 },
      ],
      sink: batcher,
      clock: systemClock,
      logger: silentLogger,
      start: false,
    });
    cleanups.push(() => poller.close());
    await poller.pollOnce();
    const latest = await store.latest();
    const value = (m: string) => latest.get(`plant/meter1/${m}`)?.value;
    expect(value('voltage')).toBeCloseTo(230.5);
    expect(value('current')).toBeCloseTo(12.25);
    expect(value('temp')).toBeCloseTo(-5);
    expect(value('energy')).toBeCloseTo(1000);
    expect(value('running')).toBe(1);
    expect(value('missing')).toBeUndefined();
    expect((await store.getSeries('plant/meter1/temp'))?.unit).toBe('Cel');
    const q = await store.listQuarantine({ status: 'open' });
    expect(q.map((r) => r.location)).toEqual([`modbus://127.0.0.1:${server.port}/1/input/40`]);
    const [st] = poller.status();
    expect(st).toMatchObject({ id: 'm1', connected: true, errors: 1 });
    expect(st!.lastError).toContain('holding 500');
  });

  it('spaces requests to one device by minGapMs and sends one at a time', async () => {
    const server = await startModbusServer();
    cleanups.push(() => server.close());
    const regs = Array.from({ length: 4 }, (_, i) => ({ metric: `r${i}`, table: 'input', address: i * 200 }));
    for (let i = 0; i < 4; i++) server.input.set(i * 200, i);
    const sink = { submit: async (_r: readonly RawReading[], _q: readonly QuarantineInput[]) => undefined };
    const poller: ModbusPoller = startModbusPoller({
      devices: [
        {
          host: '127.0.0.1',
          port: server.port,
          asset: 'a/d',
          map: parseRegisterMap(JSON.stringify({ registers: regs })),
          minGapMs: 40,
        },
      ],
      sink,
      clock: systemClock,
      logger: silentLogger,
      start: false,
    });
    cleanups.push(() => poller.close());
    await Promise.all([poller.pollOnce(), poller.pollOnce()]);
    const t = server.requestTimes;
    // The second poll of the same group overlapped the first: skipped as an overrun, not queued.
    expect(poller.status()[0]).toMatchObject({ requests: 4, overruns: 1 });
    for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!).toBeGreaterThanOrEqual(38);
  });

  it('times out, retries and reports a device that never answers, without throwing', async () => {
    const silent = await startSilentServer();
    cleanups.push(() => silent.close());
    const submitted: RawReading[] = [];
    const poller = startModbusPoller({
      devices: [
        {
          host: '127.0.0.1',
          port: silent.port,
          asset: 'a/d',
          map: parseRegisterMap('registers: [{ metric: x, table: holding, address: 0 }]'),
          timeoutMs: 100,
          retries: 2,
        },
      ],
      sink: { submit: async (r) => void submitted.push(...r) },
      clock: systemClock,
      logger: silentLogger,
      start: false,
    });
    cleanups.push(() => poller.close());
    await poller.pollOnce();
    expect(submitted).toEqual([]);
    expect(poller.status()[0]).toMatchObject({ requests: 3, retries: 2, timeouts: 3, errors: 1 });
  });

  it('reports a refused connection and backs off instead of hammering the host', async () => {
    const silent = await startSilentServer();
    const port = silent.port;
    await silent.close();
    const poller = startModbusPoller({
      devices: [
        {
          host: '127.0.0.1',
          port,
          asset: 'a/d',
          map: parseRegisterMap('registers: [{ metric: x, table: holding, address: 0 }]'),
          retries: 3,
        },
      ],
      sink: { submit: async () => undefined },
      clock: systemClock,
      logger: silentLogger,
      start: false,
    });
    cleanups.push(() => poller.close());
    await poller.pollOnce();
    const st = poller.status()[0]!;
    expect(st.errors).toBe(1);
    expect(st.connected).toBe(false);
    expect(st.lastError).toMatch(/ECONNREFUSED|reconnecting/);
  });
});
