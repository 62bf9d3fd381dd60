import type { Clock, Logger } from '../core/index.js';
import type { FleetPlanSource } from './fleet.js';
import type { DemoHistory } from './model.js';

/** Sampling intervals of the simulated devices, in simulated milliseconds. */
export interface DemoIntervals {
  /** Machines: every metric of every machine. Default 1000 (1 Hz, ~130 points/s). */
  readonly factory: number;
  /** Farm soil probes and weather station. Default 60,000 (one reading a minute). */
  readonly farm: number;
  /** Van GPS trackers. Default 5000. */
  readonly fleet: number;
}

export const DEFAULT_INTERVALS: DemoIntervals = { factory: 1000, farm: 60_000, fleet: 5000 };

/** Options of `createDemo`; every field but `brokerUrl` has a default. */
export interface DemoOptions {
  /** MQTT broker to publish to, e.g. `mqtt://127.0.0.1:1883`. */
  readonly brokerUrl: string;
  /** Seed of all randomness; same seed and options → identical messages. Default 42. */
  readonly seed?: number;
  /** Simulated seconds per real second. Default 1; 60 makes a day pass in 24 minutes. */
  readonly speed?: number;
  /** Simulated start time (UTC ms). Default: the clock's now, rounded down to the second. */
  readonly start?: number;
  /**
   * Never publish timestamps later than the real clock: the simulation runs at `speed` until it
   * reaches now, then in real time. Lets a back-dated start (`start: now − 1 day`) fill history
   * fast and then stay live. Default false.
   */
  readonly notAfterNow?: boolean;
  /** Real milliseconds between publishing rounds. Default 1000. */
  readonly tickMs?: number;
  /** Sampling intervals; defaults in `DEFAULT_INTERVALS`. */
  readonly intervals?: Partial<DemoIntervals>;
  /** Most simulated frames published in one round when behind (bounds memory). Default 20. */
  readonly maxFramesPerTick?: number;
  /** MQTT client id. Default `xinzhi-demo-<seed>`. */
  readonly clientId?: string;
  /** MQTT credentials (the embedded broker takes an API key as password). */
  readonly username?: string;
  readonly password?: string;
  readonly logger?: Logger;
  /** The fleet's delivery plan of a day (`serve --demo` makes one with the routing engine). */
  readonly fleetPlans?: FleetPlanSource;
  /** A history sampled coarser than the live run, produced by `backfill()` before `start()`. */
  readonly history?: DemoHistory;
  /** Real-time clock (default the system clock). */
  readonly clock?: Clock;
}
