import { createRng } from '../core/index.js';
import { createFarmSim, farmAssets } from './farm.js';
import { createFaultCalendar, type FaultCalendar } from './faults.js';
import { createVanSim, FLEET, type FleetPlanSource, fleetAssets } from './fleet.js';
import { createMachineSim } from './machine-sim.js';
import { FACTORY, MACHINES, machineAssetId, machineMetricMeta, TYPE_SPECS } from './machines.js';
import { DEFAULT_INTERVALS, type DemoIntervals } from './options.js';
import { dataTopic } from './topics.js';
import type { AssetMeta, DeviceModel } from './types.js';

/** One point as it goes into an MQTT payload; `unit` is absent when the device sends none. */
export interface DemoPoint {
  readonly ts: number;
  readonly value: number;
  readonly unit?: string;
}

export interface DemoModelOptions {
  readonly seed: number;
  /** Simulated start time, UTC ms. */
  readonly start: number;
  readonly intervals?: Partial<DemoIntervals>;
  /** The fleet's delivery plan of a day; vans without one drive nearest-stop-next rounds. */
  readonly fleetPlans?: FleetPlanSource;
  /** A history sampled coarser than the live run, written in bulk before the demo goes live. */
  readonly history?: DemoHistory;
}

/**
 * How the demo's history is sampled. Before `until` every device samples at `intervals` (the
 * physics integrate the longer steps, so it is the same world, only seen less often); the last
 * history step of each device is shortened to land one live interval before `until`, and from
 * `until` on it samples at the live intervals. The farm starts `farmLeadMs` before `start` (weeks of weather for FAO-56
 * and degree days); the factory's fault calendar stays anchored on `start`.
 */
export interface DemoHistory {
  readonly until: number;
  readonly intervals?: Partial<DemoIntervals>;
  readonly farmLeadMs?: number;
}

/** Sampling of the history (see `DemoHistory`): enough for OEE, RUL buckets and daily agronomy. */
export const HISTORY_INTERVALS: DemoIntervals = { factory: 60_000, farm: 15 * 60_000, fleet: 60_000 };

/**
 * The whole simulated world, free of I/O: `advance(to)` runs every device up to (excluding) `to`
 * and returns the samples grouped by topic in a stable order. The MQTT publisher and the tests
 * both drive it; the output depends only on seed, start and intervals, never on how the time is
 * cut into calls.
 */
export interface DemoModel {
  readonly start: number;
  readonly faults: FaultCalendar;
  /** Asset descriptions (factory, farm, fleet) for the retained metadata topics. */
  readonly assets: readonly AssetMeta[];
  /**
   * The same descriptions with the history's sampling intervals: a store provisioned with these
   * while the history is written expects the coarser spacing (no gap reported between samples).
   */
  readonly historyAssets: readonly AssetMeta[];
  /** Simulated time up to which samples were produced. */
  readonly now: number;
  advance(to: number): Map<string, DemoPoint[]>;
}

interface Scheduled {
  readonly device: DeviceModel;
  readonly kind: keyof DemoIntervals;
  next: number;
}

function factoryAssets(intervalMs: number): AssetMeta[] {
  const out: AssetMeta[] = [
    {
      id: FACTORY.site,
      parentId: null,
      kind: 'site',
      name: 'Factory 1',
      type: 'factory',
      attributes: { timeZone: 'Asia/Shanghai', shifts: '06:00-14:00, 14:00-22:00' },
      metrics: {},
    },
    {
      id: `${FACTORY.site}/${FACTORY.area}`,
      parentId: FACTORY.site,
      kind: 'area',
      name: 'Assembly',
      type: 'area',
      attributes: {},
      metrics: {},
    },
  ];
  for (const line of FACTORY.lines)
    out.push({
      id: `${FACTORY.site}/${FACTORY.area}/${line}`,
      parentId: `${FACTORY.site}/${FACTORY.area}`,
      kind: 'line',
      name: line,
      type: 'line',
      attributes: {},
      metrics: {},
    });
  for (const m of MACHINES) {
    const t = TYPE_SPECS[m.type];
    out.push({
      id: machineAssetId(m),
      parentId: `${FACTORY.site}/${FACTORY.area}/${m.line}`,
      kind: 'equipment',
      name: `${t.label} ${m.id.split('-')[1]}`,
      type: m.type,
      attributes: {
        ...(m.idealCycleTimeS ? { idealCycleTimeS: m.idealCycleTimeS } : {}),
        ratedCurrentA: t.ratedCurrentA,
        oee: t.producing,
      },
      metrics: machineMetricMeta(m, intervalMs),
    });
  }
  return out;
}

export function createDemoModel(options: DemoModelOptions): DemoModel {
  const iv: DemoIntervals = { ...DEFAULT_INTERVALS, ...options.intervals };
  for (const [k, v] of Object.entries(iv))
    if (!(Number.isFinite(v) && v >= 100)) throw new RangeError(`intervals.${k} must be ≥ 100 ms, got ${v}`);
  const { seed, start } = options;
  const history = options.history;
  const hv: DemoIntervals = { ...HISTORY_INTERVALS, ...history?.intervals };
  for (const [k, v] of Object.entries(hv))
    if (!(Number.isFinite(v) && v >= 100))
      throw new RangeError(`history.intervals.${k} must be ≥ 100 ms, got ${v}`);
  const until = history?.until ?? Number.NEGATIVE_INFINITY;
  const farmLead = history?.farmLeadMs ?? 0;
  if (!(Number.isFinite(farmLead) && farmLead >= 0))
    throw new RangeError(`history.farmLeadMs must be ≥ 0, got ${farmLead}`);
  const root = createRng(seed);
  const faults = createFaultCalendar(start);
  const devices: Scheduled[] = [];
  for (const m of MACHINES)
    devices.push({
      device: createMachineSim(m, root.fork(`machine/${m.line}/${m.id}`), faults, iv.factory, start),
      kind: 'factory',
      next: start,
    });
  const farmStart = start - farmLead;
  devices.push({
    device: createFarmSim(root.fork('farm'), iv.farm, farmStart),
    kind: 'farm',
    next: farmStart,
  });
  for (const v of FLEET.vans)
    devices.push({
      device: createVanSim(v, root.fork(`van/${v}`), iv.fleet, options.fleetPlans),
      kind: 'fleet',
      next: start,
    });
  /**
   * The next sample time: coarse before `until`, live from it. The history's last sample is one
   * live interval before `until`, so the first live sample follows it at the live spacing (a
   * consumer expecting the live interval from then on sees no gap at the switch).
   */
  const step = (d: Scheduled): number => {
    const live = d.device.intervalMs;
    if (d.next >= until) return d.next + live;
    const last = until - live;
    return d.next < last ? Math.min(d.next + hv[d.kind], last) : until;
  };
  const assets = [...factoryAssets(iv.factory), ...farmAssets(iv.farm), ...fleetAssets(iv.fleet)];
  const historyAssets = [...factoryAssets(hv.factory), ...farmAssets(hv.farm), ...fleetAssets(hv.fleet)];
  let now = start;

  return {
    start,
    faults,
    assets,
    historyAssets,
    get now() {
      return now;
    },
    advance(to) {
      const out = new Map<string, DemoPoint[]>();
      const emit = (
        assetId: string,
        metric: string,
        ts: number,
        value: number,
        unit: string | null,
      ): void => {
        const topic = dataTopic(assetId, metric);
        let list = out.get(topic);
        if (!list) {
          list = [];
          out.set(topic, list);
        }
        list.push(unit === null ? { ts, value } : { ts, value, unit });
      };
      for (const d of devices) for (; d.next < to; d.next = step(d)) d.device.sample(d.next, emit);
      if (to > now) now = to;
      return out;
    },
  };
}
