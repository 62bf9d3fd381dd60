/**
 * Polls Modbus TCP devices (modbus-serial as the client) and turns each read into readings for the
 * cleaning pipeline. Per device: one request at a time on one connection, at least `minGapMs`
 * between requests (many gateways and meters drop requests that come faster), a timeout and
 * `retries` per request, reconnection with exponential backoff. Polling groups run on their own
 * intervals; a group still reading when its next tick comes skips that tick (counted as an
 * overrun) instead of queueing requests without end.
 */
import modbusSerial from 'modbus-serial';
import type { ModbusRTU } from 'modbus-serial/ModbusRTU.js';
import type { Clock, Logger } from '../../core/index.js';
import type { QuarantineInput } from '../../store/index.js';
import type { RawReading } from '../types.js';
import { decodeWords, scaled } from './decode-registers.js';
import { planReads, type ReadBlock } from './read-plan.js';
import type { RegisterMap } from './register-map.js';

// The package's typings describe its CommonJS export as a namespace; at runtime it is the class.
const ModbusClient = modbusSerial as unknown as new () => ModbusRTU;

export interface ModbusDevice {
  /** Name for logs and status; default `host:port/unit`. */
  readonly id?: string;
  readonly host: string;
  /** Default 502. */
  readonly port?: number;
  /** Modbus unit (slave) id; default 1. */
  readonly unitId?: number;
  /** Asset path of the device's series: `<asset>/<metric>`. */
  readonly asset: string;
  readonly map: RegisterMap;
  /** Per-request timeout, ms; default 1,000. */
  readonly timeoutMs?: number;
  /** Further attempts after a failed request; default 2. */
  readonly retries?: number;
  /** Least time between two requests to this device, ms; default 0. */
  readonly minGapMs?: number;
}

export interface ModbusSink {
  /** Readings of one poll, and quarantine rows of values that could not be read; resolves after commit. */
  submit(readings: readonly RawReading[], quarantine: readonly QuarantineInput[]): Promise<void>;
}

export interface DeviceStatus {
  readonly id: string;
  readonly connected: boolean;
  readonly polls: number;
  readonly requests: number;
  readonly readings: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly retries: number;
  readonly overruns: number;
  readonly lastValueAt: number | null;
  readonly lastError: string | null;
}

export interface ModbusPoller {
  status(): DeviceStatus[];
  /** Polls every group of every device once now (tests, `connect modbus --once`). */
  pollOnce(): Promise<void>;
  close(): Promise<void>;
}

interface Group {
  readonly name: string;
  readonly intervalMs: number;
  readonly blocks: ReadBlock[];
  busy: boolean;
}

class DeviceRunner {
  readonly id: string;
  private client: ModbusRTU | undefined;
  private connecting: Promise<ModbusRTU> | undefined;
  private lastRequestAt = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private backoffMs = 0;
  private nextConnectAt = 0;
  readonly groups: Group[];
  closed = false;
  s = {
    polls: 0,
    requests: 0,
    readings: 0,
    errors: 0,
    timeouts: 0,
    retries: 0,
    overruns: 0,
    lastValueAt: null as number | null,
    lastError: null as string | null,
  };

  constructor(
    readonly device: ModbusDevice,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly sink: ModbusSink,
  ) {
    this.id = device.id ?? `${device.host}:${device.port ?? 502}/${device.unitId ?? 1}`;
    this.groups = Object.entries(device.map.groups).map(([name, intervalMs]) => ({
      name,
      intervalMs,
      blocks: planReads(device.map.registers.filter((r) => r.group === name)),
      busy: false,
    }));
  }

  get connected(): boolean {
    return this.client?.isOpen ?? false;
  }

  private async connect(): Promise<ModbusRTU> {
    if (this.client?.isOpen) return this.client;
    if (this.connecting) return this.connecting;
    const now = this.clock.now();
    if (now < this.nextConnectAt) throw new Error(`reconnecting in ${this.nextConnectAt - now} ms`);
    this.connecting = (async () => {
      const c = new ModbusClient();
      try {
        await c.connectTCP(this.device.host, { port: this.device.port ?? 502 });
      } catch (e) {
        this.backoffMs = Math.min(30_000, Math.max(500, this.backoffMs * 2));
        this.nextConnectAt = this.clock.now() + this.backoffMs;
        throw e;
      }
      c.setID(this.device.unitId ?? 1);
      c.setTimeout(this.device.timeoutMs ?? 1000);
      this.backoffMs = 0;
      this.client = c;
      return c;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private drop(): void {
    const c = this.client;
    this.client = undefined;
    if (c?.isOpen) c.close(() => undefined);
  }

  /** One request, serialised per device and spaced by `minGapMs`, with retries. */
  private request(block: ReadBlock): Promise<number[] | boolean[]> {
    const run = async (): Promise<number[] | boolean[]> => {
      const attempts = 1 + (this.device.retries ?? 2);
      let last: unknown;
      for (let a = 0; a < attempts; a++) {
        if (this.closed) throw new Error('closed');
        if (a > 0) this.s.retries++;
        const gap = (this.device.minGapMs ?? 0) - (Date.now() - this.lastRequestAt);
        if (gap > 0) await new Promise((r) => setTimeout(r, gap));
        try {
          const c = await this.connect();
          this.lastRequestAt = Date.now();
          this.s.requests++;
          const { address, count } = block;
          const res =
            block.table === 'holding'
              ? await c.readHoldingRegisters(address, count)
              : block.table === 'input'
                ? await c.readInputRegisters(address, count)
                : block.table === 'coil'
                  ? await c.readCoils(address, count)
                  : await c.readDiscreteInputs(address, count);
          return res.data as number[] | boolean[];
        } catch (e) {
          last = e;
          const msg = e instanceof Error ? e.message : String(e);
          if (/timed out/i.test(msg) || (e as { name?: string }).name === 'TransactionTimedOutError')
            this.s.timeouts++;
          // A Modbus exception (illegal address…) is the device's answer: retrying will not help.
          if ((e as { modbusCode?: number }).modbusCode !== undefined) break;
          this.drop();
        }
      }
      throw last;
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  async poll(group: Group): Promise<void> {
    if (group.busy) {
      this.s.overruns++;
      return;
    }
    group.busy = true;
    try {
      this.s.polls++;
      const readings: RawReading[] = [];
      for (const block of group.blocks) {
        let data: number[] | boolean[];
        try {
          data = await this.request(block);
        } catch (e) {
          this.s.errors++;
          this.s.lastError = `${block.table} ${block.address}+${block.count}: ${e instanceof Error ? e.message : String(e)}`;
          this.logger.warn({ device: this.id, err: this.s.lastError }, 'modbus read failed');
          continue;
        }
        const now = this.clock.now();
        const words = data.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
        for (const r of block.registers) {
          const raw = decodeWords(words, r.address - block.address, r.type, r.order);
          const value = scaled(raw, r.scale, r.offset);
          const location = `modbus://${this.device.host}:${this.device.port ?? 502}/${this.device.unitId ?? 1}/${r.table}/${r.address}`;
          readings.push({
            seriesId: `${this.device.asset}/${r.metric}`,
            ts: now,
            value,
            ...(r.unit === undefined ? {} : { unit: r.unit }),
            location,
            raw: JSON.stringify({
              table: r.table,
              address: r.address,
              words: words.slice(
                r.address - block.address,
                r.address - block.address + (r.type.endsWith('32') ? 2 : 1),
              ),
              type: r.type,
              order: r.order,
              value: Number.isFinite(value) ? value : String(value),
            }),
          });
        }
        this.s.lastValueAt = now;
      }
      this.s.readings += readings.length;
      if (readings.length > 0) await this.sink.submit(readings, []);
    } catch (e) {
      this.s.errors++;
      this.s.lastError = `not stored: ${e instanceof Error ? e.message : String(e)}`;
      this.logger.error({ device: this.id, err: this.s.lastError }, 'modbus readings not stored');
    } finally {
      group.busy = false;
    }
  }

  close(): void {
    this.closed = true;
    this.drop();
  }
}

export interface ModbusPollerOptions {
  readonly devices: readonly ModbusDevice[];
  readonly sink: ModbusSink;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Start the interval timers (default true); false for `pollOnce` only. */
  readonly start?: boolean;
}

/**
 * @example
 * const poller = startModbusPoller({ devices: [{ host: '10.0.0.5', asset: 'plant/meter1', map }],
 *   sink: batcher, clock: systemClock, logger });
 */
export function startModbusPoller(options: ModbusPollerOptions): ModbusPoller {
  const runners = options.devices.map(
    (d) => new DeviceRunner(d, options.clock, options.logger, options.sink),
  );
  const timers: ReturnType<typeof setInterval>[] = [];
  const inFlight = new Set<Promise<void>>();
  const track = (p: Promise<void>): void => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  if (options.start ?? true)
    for (const r of runners)
      for (const g of r.groups) {
        track(r.poll(g));
        timers.push(setInterval(() => track(r.poll(g)), g.intervalMs));
      }
  return {
    status: () => runners.map((r) => ({ id: r.id, connected: r.connected, ...r.s })),
    async pollOnce() {
      await Promise.all(runners.flatMap((r) => r.groups.map((g) => r.poll(g))));
    },
    async close() {
      for (const t of timers) clearInterval(t);
      for (const r of runners) r.close();
      await Promise.allSettled([...inFlight]);
    },
  };
}
