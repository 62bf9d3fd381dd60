/**
 * Numeric machine-state codes, as PLCs publish them on the `state` metric. The demo uses them and
 * the OEE calculation classifies them (see `DEFAULT_STATE_CLASSES` in oee.ts).
 */
export const MACHINE_STATE = {
  /** Not scheduled (night, no shift). */
  OFF: 0,
  /** Producing. */
  RUN: 1,
  /** Scheduled but not producing: short stop, waiting, warm-up/setup at shift start. */
  IDLE: 2,
  /** Unplanned stop: failure or repair. */
  DOWN: 3,
  /** Planned stop within a shift: breaks, handover. */
  PLANNED_STOP: 4,
} as const;

export type MachineStateCode = (typeof MACHINE_STATE)[keyof typeof MACHINE_STATE];

export const MACHINE_STATE_NAMES: Readonly<Record<MachineStateCode, string>> = {
  0: 'off',
  1: 'run',
  2: 'idle',
  3: 'down',
  4: 'planned-stop',
};
