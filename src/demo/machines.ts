import { MACHINE_STATE_NAMES } from '../domains/manufacturing/machine-state.js';
import type { MetricMeta } from './types.js';

/** The demo factory: site `factory1`, area `assembly`, two lines of ten machines each. */
export const FACTORY = { site: 'factory1', area: 'assembly', lines: ['line1', 'line2'] } as const;

export type MachineType = 'cnc-mill' | 'press' | 'pump' | 'compressor' | 'conveyor';

export interface MachineSpec {
  readonly line: 'line1' | 'line2';
  readonly id: string;
  readonly type: MachineType;
  /** ISO 22400 planned run time per item (ideal cycle time), seconds; producing machines only. */
  readonly idealCycleTimeS?: number;
}

/** Rated figures per machine type, chosen to look like small shop-floor equipment. */
export interface TypeSpec {
  readonly label: string;
  readonly producing: boolean;
  /** Motor current at full load and when idling (A). */
  readonly ratedCurrentA: number;
  readonly idleCurrentA: number;
  /** Vibration velocity RMS at full load, healthy (mm/s); ISO 10816-3 zone A/B for these sizes. */
  readonly vibrationMmS: number;
  /** Spindle/bearing temperature rise over the hall at full load (K). */
  readonly tempRiseK: number;
  readonly metrics: readonly string[];
}

const COMMON = ['state', 'current', 'bearing_temp', 'vibration'] as const;
const COUNTERS = ['parts_total', 'good_total', 'scrap_total'] as const;

export const TYPE_SPECS: Readonly<Record<MachineType, TypeSpec>> = {
  'cnc-mill': {
    label: 'CNC mill',
    producing: true,
    ratedCurrentA: 28,
    idleCurrentA: 4,
    vibrationMmS: 1.2,
    tempRiseK: 32,
    metrics: [...COMMON, 'spindle_temp', ...COUNTERS],
  },
  press: {
    label: 'Hydraulic press',
    producing: true,
    ratedCurrentA: 45,
    idleCurrentA: 8,
    vibrationMmS: 2.5,
    tempRiseK: 24,
    metrics: [...COMMON, 'pressure', ...COUNTERS],
  },
  pump: {
    label: 'Coolant pump',
    producing: false,
    ratedCurrentA: 18,
    idleCurrentA: 0.4,
    vibrationMmS: 1.8,
    tempRiseK: 20,
    metrics: [...COMMON, 'pressure', 'flow'],
  },
  compressor: {
    label: 'Screw compressor',
    producing: false,
    ratedCurrentA: 55,
    idleCurrentA: 1,
    vibrationMmS: 2.2,
    tempRiseK: 38,
    metrics: [...COMMON, 'pressure'],
  },
  conveyor: {
    label: 'Belt conveyor',
    producing: false,
    ratedCurrentA: 6,
    idleCurrentA: 0.3,
    vibrationMmS: 0.9,
    tempRiseK: 15,
    metrics: [...COMMON],
  },
};

export const MACHINES: readonly MachineSpec[] = [
  { line: 'line1', id: 'cnc-01', type: 'cnc-mill', idealCycleTimeS: 60 },
  { line: 'line1', id: 'cnc-02', type: 'cnc-mill', idealCycleTimeS: 48 },
  { line: 'line1', id: 'cnc-03', type: 'cnc-mill', idealCycleTimeS: 75 },
  { line: 'line1', id: 'cnc-04', type: 'cnc-mill', idealCycleTimeS: 60 },
  { line: 'line1', id: 'press-01', type: 'press', idealCycleTimeS: 8 },
  { line: 'line1', id: 'press-02', type: 'press', idealCycleTimeS: 10 },
  { line: 'line1', id: 'pump-01', type: 'pump' },
  { line: 'line1', id: 'compressor-01', type: 'compressor' },
  { line: 'line1', id: 'conveyor-01', type: 'conveyor' },
  { line: 'line1', id: 'conveyor-02', type: 'conveyor' },
  { line: 'line2', id: 'cnc-05', type: 'cnc-mill', idealCycleTimeS: 52 },
  { line: 'line2', id: 'cnc-06', type: 'cnc-mill', idealCycleTimeS: 90 },
  { line: 'line2', id: 'cnc-07', type: 'cnc-mill', idealCycleTimeS: 66 },
  { line: 'line2', id: 'press-03', type: 'press', idealCycleTimeS: 12 },
  { line: 'line2', id: 'press-04', type: 'press', idealCycleTimeS: 6 },
  { line: 'line2', id: 'pump-02', type: 'pump' },
  { line: 'line2', id: 'pump-03', type: 'pump' },
  { line: 'line2', id: 'compressor-02', type: 'compressor' },
  { line: 'line2', id: 'conveyor-03', type: 'conveyor' },
  { line: 'line2', id: 'conveyor-04', type: 'conveyor' },
];

export const machineAssetId = (m: Pick<MachineSpec, 'line' | 'id'>): string =>
  `${FACTORY.site}/${FACTORY.area}/${m.line}/${m.id}`;

const stateCodes = Object.fromEntries(Object.entries(MACHINE_STATE_NAMES).map(([k, v]) => [k, v]));
const COUNT_MAX = 1e9;

/** Metric descriptions for the machine's metadata document. */
export function machineMetricMeta(m: MachineSpec, intervalMs: number): Record<string, MetricMeta> {
  const t = TYPE_SPECS[m.type];
  const all: Record<string, Omit<MetricMeta, 'intervalMs' | 'signal'>> = {
    state: {
      unit: '1',
      description: `machine state code: ${Object.entries(MACHINE_STATE_NAMES)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
      min: 0,
      max: 4,
      codes: stateCodes,
    },
    current: { unit: 'A', description: 'motor current', min: 0, max: t.ratedCurrentA * 3 },
    bearing_temp: { unit: 'Cel', description: 'main bearing temperature', min: -20, max: 150 },
    spindle_temp: { unit: 'Cel', description: 'spindle housing temperature', min: -20, max: 150 },
    vibration: { unit: 'mm/s', description: 'vibration velocity RMS (10–1000 Hz)', min: 0, max: 50 },
    pressure:
      m.type === 'pump'
        ? { unit: 'kPa', description: 'discharge pressure', min: 0, max: 1000 }
        : m.type === 'press'
          ? { unit: 'bar', description: 'hydraulic pressure', min: 0, max: 250 }
          : { unit: 'bar', description: 'receiver pressure', min: 0, max: 12 },
    flow: { unit: 'L/min', description: 'coolant flow', min: 0, max: 500 },
    parts_total: {
      unit: '{count}',
      description: 'parts produced (cumulative; resets)',
      min: 0,
      max: COUNT_MAX,
    },
    good_total: { unit: '{count}', description: 'good parts (cumulative; resets)', min: 0, max: COUNT_MAX },
    scrap_total: {
      unit: '{count}',
      description: 'scrapped parts (cumulative; resets)',
      min: 0,
      max: COUNT_MAX,
    },
  };
  const out: Record<string, MetricMeta> = {};
  for (const name of t.metrics) {
    const meta = all[name];
    const signal = name === 'state' ? 'state' : name.endsWith('_total') ? 'counter' : 'gauge';
    if (meta) out[name] = { ...meta, signal, intervalMs };
  }
  return out;
}
