/**
 * The demo's Modbus meter: an SDM630-like three-phase energy meter on Modbus TCP (modbus-serial's
 * ServerTCP) whose input registers follow the Eastron register layout of
 * examples/modbus/eastron-sdm630.yaml (float32, high word first), with power following the
 * factory's working hours; the server's Modbus connector polls it.
 */
import { ServerTCP } from 'modbus-serial';
import { FACTORY } from './machines.js';

export const MODBUS_METER_ASSET = `${FACTORY.site}/utilities/main-meter`;

/** The part of the SDM630 map the demo declares (addresses from the Eastron protocol document). */
export const DEMO_METER_MAP = {
  name: 'Eastron SDM630 (demo)',
  groups: { fast: 1000, slow: 10_000 },
  order: 'ABCD',
  registers: [
    { metric: 'voltage_l1', table: 'input', address: 0, type: 'float32', unit: 'V' },
    { metric: 'current_l1', table: 'input', address: 6, type: 'float32', unit: 'A' },
    { metric: 'power_total', table: 'input', address: 52, type: 'float32', unit: 'W' },
    { metric: 'frequency', table: 'input', address: 70, type: 'float32', unit: 'Hz' },
    { metric: 'energy_import', table: 'input', address: 72, type: 'float32', unit: 'kW.h', group: 'slow' },
  ],
} as const;

export interface DemoModbusMeter {
  readonly port: number;
  stop(): Promise<void>;
}

export async function startDemoModbusMeter(port: number): Promise<DemoModbusMeter> {
  const t0 = Date.now();
  const hourly = (): number => {
    const h = new Date().getHours();
    return h >= 7 && h < 19 ? 1 : 0.25;
  };
  const values = (): Record<number, number> => {
    const s = (Date.now() - t0) / 1000;
    const power = 42_000 * hourly() + 2500 * Math.sin(s / 90);
    return {
      0: 230 + 2 * Math.sin(s / 300),
      6: power / 3 / 230,
      52: power,
      70: 50 + 0.02 * Math.sin(s / 40),
      72: 125_000 + (power * s) / 3_600_000,
    };
  };
  const word = (addr: number): number => {
    const base = addr % 2 === 0 ? addr : addr - 1;
    if (base >= 80) throw Object.assign(new Error('illegal data address'), { modbusErrorCode: 0x02 });
    const b = Buffer.alloc(4);
    b.writeFloatBE(values()[base] ?? 0);
    return addr === base ? b.readUInt16BE(0) : b.readUInt16BE(2);
  };
  const server = new ServerTCP(
    {
      getInputRegister: (addr: number) => word(addr),
      getMultipleInputRegisters: (addr: number, len: number) =>
        Array.from({ length: len }, (_, i) => word(addr + i)),
    },
    { host: '127.0.0.1', port, unitID: 1 },
  );
  server.on('socketError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.on('initialized', () => resolve());
    server.on('serverError', (e: unknown) => reject(e));
  });
  return { port, stop: () => new Promise<void>((r) => server.close(() => r())) };
}
