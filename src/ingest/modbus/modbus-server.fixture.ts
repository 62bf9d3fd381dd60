/** A real Modbus TCP server (modbus-serial's ServerTCP) on a free port, with registers the test sets. */
import { createServer, type Server } from 'node:net';
import { ServerTCP } from 'modbus-serial';
import { freePort } from '../free-port.fixture.js';

export interface TestModbusServer {
  readonly port: number;
  readonly holding: Map<number, number>;
  readonly input: Map<number, number>;
  readonly coils: Map<number, boolean>;
  /** Time of each request (ms), by function: for spacing checks. */
  readonly requestTimes: number[];
  close(): Promise<void>;
}

const illegal = (): never => {
  throw Object.assign(new Error('illegal data address'), { modbusErrorCode: 0x02 });
};

/** Addresses not set answer with exception 02 (illegal data address), as real devices do. */
export async function startModbusServer(): Promise<TestModbusServer> {
  const port = await freePort();
  const holding = new Map<number, number>();
  const input = new Map<number, number>();
  const coils = new Map<number, boolean>();
  const requestTimes: number[] = [];
  const vector = {
    getMultipleHoldingRegisters: (addr: number, len: number) => {
      requestTimes.push(Date.now());
      return Array.from({ length: len }, (_, i) => holding.get(addr + i) ?? illegal());
    },
    getMultipleInputRegisters: (addr: number, len: number) => {
      requestTimes.push(Date.now());
      return Array.from({ length: len }, (_, i) => input.get(addr + i) ?? illegal());
    },
    getHoldingRegister: (addr: number) => holding.get(addr) ?? illegal(),
    getInputRegister: (addr: number) => input.get(addr) ?? illegal(),
    getCoil: (addr: number) => coils.get(addr) ?? illegal(),
    getDiscreteInput: (addr: number) => coils.get(addr) ?? illegal(),
  };
  const server = new ServerTCP(vector, { host: '127.0.0.1', port, unitID: 1 });
  await new Promise<void>((resolve) => server.on('initialized', () => resolve()));
  server.on('socketError', () => undefined);
  return {
    port,
    holding,
    input,
    coils,
    requestTimes,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A TCP server that accepts connections and never answers: every request times out. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const s: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return {
    port: (s.address() as { port: number }).port,
    close: async () => {
      for (const x of sockets) x.destroy();
      await new Promise((r) => s.close(r));
    },
  };
}

/** The two registers of a float32 in ABCD (big-endian) order. */
export function float32Words(v: number): [number, number] {
  const b = Buffer.alloc(4);
  b.writeFloatBE(v);
  return [b.readUInt16BE(0), b.readUInt16BE(2)];
}
