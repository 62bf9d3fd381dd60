import type { Rng } from '../core/index.js';
import { MACHINE_STATE, type MachineStateCode } from '../domains/manufacturing/machine-state.js';
import { HOUR, localHour, MINUTE, planSlot, shiftStart } from './calendar.js';
import type { FaultCalendar } from './faults.js';
import { type MachineSpec, machineAssetId, TYPE_SPECS } from './machines.js';
import type { DeviceModel, Emit } from './types.js';

/** Mean run time between short stops, their mean length, and the same for breakdowns. */
const SHORT_STOP_MTBF = 40 * MINUTE;
const SHORT_STOP_MEAN = 3 * MINUTE;
const BREAKDOWN_MTBF = 36 * HOUR;
const REPAIR_MIN = 20 * MINUTE;
const REPAIR_MEAN_EXTRA = 40 * MINUTE;
/** Thermal time constants of spindle and bearing housings. */
const TAU_SPINDLE = 12 * MINUTE;
const TAU_BEARING = 20 * MINUTE;
const SCRAP_RATE = 0.015;

const round = (v: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};
const toF = (c: number): number => (c * 9) / 5 + 32;

/** Hall temperature: 22 °C, ±3 K over the day, warmest mid-afternoon. */
const hallTemp = (ts: number): number => 22 + 3 * Math.sin((2 * Math.PI * (localHour(ts) - 9)) / 24);

/**
 * One machine: shift-driven state, production with speed and quality losses, first-order
 * thermal response to load, vibration from load and wear, and the scripted faults that concern it.
 */
export function createMachineSim(
  spec: MachineSpec,
  rng: Rng,
  faults: FaultCalendar,
  intervalMs: number,
  start: number,
): DeviceModel {
  const t = TYPE_SPECS[spec.type];
  const assetId = machineAssetId(spec);
  const key = `${spec.line}/${spec.id}`;
  let spindle = hallTemp(start);
  let bearing = hallTemp(start);
  const wear = rng.range(0, 0.25);
  let pressureBar = 7; // compressor receiver
  let loaded = false;
  let progress = 0;
  let good = 0;
  let scrap = 0;
  let downUntil = Number.NEGATIVE_INFINITY;
  let stopUntil = Number.NEGATIVE_INFINITY;
  let warmupUntil = Number.NEGATIVE_INFINITY;
  let currentShift: number | undefined;
  let wasFailed = false;
  const frozen = new Map<string, number>();
  let prevTs: number | undefined;

  const decideState = (ts: number, failed: boolean, dt: number): MachineStateCode => {
    if (failed || ts < downUntil) return MACHINE_STATE.DOWN;
    const slot = planSlot(ts);
    if (slot === 'off') return MACHINE_STATE.OFF;
    if (slot === 'break') return MACHINE_STATE.PLANNED_STOP;
    const s0 = shiftStart(ts);
    if (s0 !== currentShift) {
      currentShift = s0;
      // Producing machines need a few minutes of warm-up and first-part checks at shift start.
      warmupUntil = (s0 ?? ts) + (t.producing ? rng.range(3, 10) * MINUTE : 0);
    }
    if (ts < warmupUntil || ts < stopUntil) return MACHINE_STATE.IDLE;
    if (rng.chance(1 - Math.exp(-dt / BREAKDOWN_MTBF))) {
      downUntil = ts + REPAIR_MIN + rng.exp(REPAIR_MEAN_EXTRA);
      return MACHINE_STATE.DOWN;
    }
    if (t.producing && rng.chance(1 - Math.exp(-dt / SHORT_STOP_MTBF))) {
      stopUntil = ts + Math.max(30_000, rng.exp(SHORT_STOP_MEAN));
      return MACHINE_STATE.IDLE;
    }
    return MACHINE_STATE.RUN;
  };

  /** Load 0…1 of the main drive within the machine's cycle. */
  const loadOf = (ts: number, state: MachineStateCode): number => {
    if (state === MACHINE_STATE.OFF || state === MACHINE_STATE.DOWN) return 0;
    if (state !== MACHINE_STATE.RUN) return spec.type === 'compressor' ? 0.3 : 0.08;
    const cycleS = spec.idealCycleTimeS ?? 60;
    const phase = ((ts / 1000) % cycleS) / cycleS;
    switch (spec.type) {
      case 'cnc-mill':
        return phase < 0.8 ? 0.8 : 0.3; // cutting, then tool change and part swap
      case 'press':
        return phase < 0.3 ? 0.95 : 0.35; // stroke, then return and feed
      case 'pump':
        return 0.8;
      case 'compressor':
        return loaded ? 0.95 : 0.3;
      case 'conveyor':
        return 0.6;
    }
  };

  return {
    intervalMs,
    sample(ts, emit: Emit) {
      // The time since the previous sample: a backfill samples coarser than the live run.
      const dt = prevTs === undefined ? intervalMs : ts - prevTs;
      prevTs = ts;
      const bf = faults.bearing(key, ts);
      const severity = bf.severity;
      if (wasFailed && !bf.failed) {
        // Bearing replaced: the controller was rebooted and its part counters restart at zero.
        good = 0;
        scrap = 0;
        progress = 0;
      }
      wasFailed = bf.failed;
      const state = decideState(ts, bf.failed, dt);

      if (spec.type === 'compressor') {
        if (state === MACHINE_STATE.RUN) {
          if (pressureBar < 6.5) loaded = true;
          else if (pressureBar > 7.5) loaded = false;
          pressureBar += ((loaded ? 0.004 : -0.003) * dt) / 1000;
          pressureBar = Math.min(7.8, Math.max(6.2, pressureBar));
        } else {
          loaded = false;
          pressureBar += (0.3 - pressureBar) * (1 - Math.exp(-dt / (2 * HOUR))); // leaks
        }
      }
      const load = loadOf(ts, state);
      const hall = hallTemp(ts);
      const spindleTarget = hall + t.tempRiseK * load;
      const bearingTarget =
        hall + 0.6 * t.tempRiseK * load + (state === MACHINE_STATE.RUN ? 40 : 8) * severity;
      spindle += (spindleTarget - spindle) * (1 - Math.exp(-dt / TAU_SPINDLE));
      bearing += (bearingTarget - bearing) * (1 - Math.exp(-dt / TAU_BEARING));

      if (t.producing && state === MACHINE_STATE.RUN && spec.idealCycleTimeS) {
        // Speed loss: ~8% slower than ideal, more as the bearing degrades.
        const actual = spec.idealCycleTimeS * (1.06 + 0.04 * rng.next() + 0.3 * severity) * 1000;
        progress += dt / actual;
        while (progress >= 1) {
          progress -= 1;
          if (rng.chance(SCRAP_RATE + 0.25 * severity)) scrap++;
          else good++;
        }
      }

      if (faults.silent(key, ts)) return;
      const out = (metric: string, value: number, unit: string | null): void => {
        const series = `${key}/${metric}`;
        if (faults.stuck(series, ts)) {
          const held = frozen.get(series) ?? value;
          frozen.set(series, held);
          emit(assetId, metric, ts, held, unit);
          return;
        }
        frozen.delete(series);
        emit(assetId, metric, ts, value, unit);
      };
      const temp = (metric: string, c: number): void => {
        const series = `${key}/${metric}`;
        if (faults.labelledF(series, ts)) out(metric, round(toF(c), 1), '[degF]');
        else if (faults.unlabelledF(series, ts)) out(metric, round(toF(c), 1), null);
        else out(metric, round(c, 2), 'Cel');
      };

      out('state', state, '1');
      const amps =
        state === MACHINE_STATE.OFF || state === MACHINE_STATE.DOWN
          ? 0.2 * t.idleCurrentA
          : t.idleCurrentA + (t.ratedCurrentA - t.idleCurrentA) * load;
      out('current', round(Math.max(0, amps * (1 + rng.normal(0, 0.015))), 2), 'A');
      temp('bearing_temp', bearing + rng.normal(0, 0.1));
      const running = state === MACHINE_STATE.RUN;
      const vib = running
        ? t.vibrationMmS * (0.6 + 0.4 * load) * (1 + wear) * (1 + 7 * severity)
        : load > 0
          ? 0.25 * t.vibrationMmS * (1 + severity)
          : 0.05;
      out('vibration', round(Math.max(0.01, vib * (1 + rng.normal(0, 0.06))), 3), 'mm/s');
      if (spec.type === 'cnc-mill') temp('spindle_temp', spindle + rng.normal(0, 0.1));
      if (spec.type === 'press') {
        const bar = load > 0.9 ? 175 : load > 0.2 ? 25 : 2;
        out('pressure', round(bar * (1 + rng.normal(0, 0.01)), 1), 'bar');
      }
      if (spec.type === 'pump') {
        const n = running ? 0.95 + 0.03 * Math.sin(ts / 600_000) : 0;
        out('pressure', round(Math.max(0, 20 + 320 * n * n * (1 + rng.normal(0, 0.005))), 1), 'kPa');
        out('flow', round(Math.max(0, 150 * n * (1 + rng.normal(0, 0.01))), 1), 'L/min');
      }
      if (spec.type === 'compressor')
        out('pressure', round(Math.max(0, pressureBar + rng.normal(0, 0.01)), 3), 'bar');
      if (t.producing) {
        out('parts_total', good + scrap, '{count}');
        out('good_total', good, '{count}');
        out('scrap_total', scrap, '{count}');
      }
    },
  };
}
