import { DAY, HOUR, MINUTE, productionDayAnchor } from './calendar.js';

/**
 * The scripted faults of the demo factory. Times are offsets from T0, the first 06:00 China
 * Standard Time at or after the simulation start, and the script repeats every simulated day
 * (day d starts at T0 + d·24 h). They do not depend on the seed: the seed only changes noise and
 * random stops, so a fault is always where the docs say.
 */
export const FAULT_SCRIPT = {
  /** Bearing wear on one CNC mill: onset, failure (machine down) and end of repair. */
  bearing: {
    machines: ['line1/cnc-02', 'line2/cnc-05', 'line1/cnc-03', 'line2/cnc-06'] as const,
    onset: 1 * HOUR,
    failure: 7 * HOUR,
    repaired: 9 * HOUR,
  },
  /** A pressure sensor that repeats its last value. */
  stuck: { series: 'line2/pump-02/pressure', from: 2 * HOUR, to: 3.5 * HOUR },
  /** A device whose gateway drops off the network: nothing is published. */
  gap: { device: 'line1/press-01', from: 4 * HOUR, to: 4 * HOUR + 20 * MINUTE },
  /** A sensor reset to its Fahrenheit default that no longer sends a unit. */
  unlabelledF: { series: 'line1/compressor-01/bearing_temp', from: 5 * HOUR, to: 6 * HOUR },
  /**
   * A spindle temperature transmitter replaced at T0 + 3 h (day 0 only) by one configured in °F:
   * from then on it reports °F, correctly labelled `[degF]`. Before, it reports `Cel`, so the
   * series already exists in Celsius and the platform must convert.
   */
  labelledF: { series: 'line2/cnc-06/spindle_temp', from: 3 * HOUR },
} as const;

export interface FaultCalendar {
  /** T0 of day 0. */
  readonly anchor: number;
  /** Day index (from T0) whose window contains ts; negative before T0. */
  dayOf(ts: number): number;
  /** The CNC mill (`line/id`) whose bearing degrades on the given day. */
  bearingMachine(day: number): string;
  /** Bearing severity 0…1 on that machine at ts (0 when healthy), and whether it has failed. */
  bearing(machine: string, ts: number): { severity: number; failed: boolean };
  stuck(series: string, ts: number): boolean;
  silent(device: string, ts: number): boolean;
  unlabelledF(series: string, ts: number): boolean;
  labelledF(series: string, ts: number): boolean;
}

/** Inside [from, to) of the given day's window. */
const within = (offset: number, from: number, to: number): boolean => offset >= from && offset < to;

export function createFaultCalendar(start: number): FaultCalendar {
  const anchor = productionDayAnchor(start);
  const dayOf = (ts: number): number => Math.floor((ts - anchor) / DAY);
  const offsetOf = (ts: number): number => ts - anchor - dayOf(ts) * DAY;
  const b = FAULT_SCRIPT.bearing;
  const bearingMachine = (day: number): string => b.machines[((day % 4) + 4) % 4]!;
  // Exponential growth with time constant a quarter of the onset-to-failure span: severity is
  // ~2% after the first hour, half-way 40 min before failure, 1 at failure.
  const span = b.failure - b.onset;
  const tau = span / 4;
  const norm = Math.expm1(span / tau);
  return {
    anchor,
    dayOf,
    bearingMachine,
    bearing(machine, ts) {
      const day = dayOf(ts);
      if (day < 0 || bearingMachine(day) !== machine) return { severity: 0, failed: false };
      const off = offsetOf(ts);
      if (off < b.onset || off >= b.repaired) return { severity: 0, failed: false };
      if (off >= b.failure) return { severity: 1, failed: true };
      return { severity: Math.expm1((off - b.onset) / tau) / norm, failed: false };
    },
    stuck: (series, ts) =>
      series === FAULT_SCRIPT.stuck.series &&
      ts >= anchor &&
      within(offsetOf(ts), FAULT_SCRIPT.stuck.from, FAULT_SCRIPT.stuck.to),
    silent: (device, ts) =>
      device === FAULT_SCRIPT.gap.device &&
      ts >= anchor &&
      within(offsetOf(ts), FAULT_SCRIPT.gap.from, FAULT_SCRIPT.gap.to),
    unlabelledF: (series, ts) =>
      series === FAULT_SCRIPT.unlabelledF.series &&
      ts >= anchor &&
      within(offsetOf(ts), FAULT_SCRIPT.unlabelledF.from, FAULT_SCRIPT.unlabelledF.to),
    labelledF: (series, ts) =>
      series === FAULT_SCRIPT.labelledF.series && ts >= anchor + FAULT_SCRIPT.labelledF.from,
  };
}
