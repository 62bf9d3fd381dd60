/**
 * Alarm rules of the demo's series, as a commissioning engineer would set them for this plant,
 * written at provisioning for every series that has none (an operator's later changes are kept).
 *
 * The platform's defaults (a detector alarm on every gauge, a stuck check, missing data on every
 * series) know nothing of the machines: over a simulated day they raise dozens of alarms that are
 * the plant working normally — currents and vibrations jumping at every shift start, a press
 * resting at 2 bar all night, a van's load unchanged for the half hour of a drive. The rules here
 * raise alarms on the demo's real faults only:
 * - bearing temperature above 60 °C (healthy bearings stay below ~50 °C at full load; the
 *   degrading bearing reaches +40 K, and °F readings sent without a unit read as ~110 °C);
 * - vibration above 4.5 mm/s RMS (the ISO 10816 zone B/C limit; healthy machines stay in A/B, the
 *   degrading bearing multiplies vibration up to 8×; it clears below 3 mm/s held for 5 minutes (an
 *   off-delay), so a reading wavering around the limit, or dipping at each tool change of a mill
 *   sampled every second, does not raise and clear the alarm every few minutes);
 * - a silent device: missing data on each machine's `state`, each van's `status`, the weather
 *   station's air temperature and the soil probes, once per device instead of once per metric.
 * The two limit rules of a machine are suppressed while its `state` reads off, idle or planned stop
 * (ISA-18.2 designed suppression): a machine at rest is not a process to alarm on, and cooling or
 * spinning down must not raise or clear alarms. A breakdown (down) is not suppressed.
 * Stuck sensors and gaps are reported by the ingest pipeline as `stuck` and `gap` events, which
 * know a resting value from a frozen one.
 */
import { monitoring } from '../domains/index.js';
import { MACHINE_STATE } from '../domains/manufacturing/machine-state.js';
import type { Store } from '../store/index.js';
import type { AssetMeta } from './types.js';

const OFF: monitoring.MonitorOverrides = { anomaly: null, stuck: null, missing: null };

/** The overrides of one demo series (every series gets one, so no default rule applies). */
export function demoMonitorOverrides(metric: string, meta: AssetMeta): monitoring.MonitorOverrides {
  const silentAfter = {
    afterMs: Math.max(monitoring.MIN_MISSING_MS, 10 * (meta.metrics[metric]?.intervalMs ?? 0)),
  };
  // Machines have a state code; farm and fleet assets do not.
  const atRest =
    meta.metrics.state === undefined
      ? {}
      : {
          suppressWhile: {
            series: `${meta.id}/state`,
            values: [MACHINE_STATE.OFF, MACHINE_STATE.IDLE, MACHINE_STATE.PLANNED_STOP],
          },
        };
  switch (metric) {
    case 'bearing_temp':
      return { ...OFF, ...atRest, threshold: { high: 60, deadband: 5, severity: 'major' } };
    case 'vibration':
      return {
        ...OFF,
        ...atRest,
        threshold: { high: 4.5, deadband: 1.5, offDelayMs: 5 * 60_000, severity: 'major' },
      };
    case 'state':
    case 'status':
    case 'air_temp':
    case 'soil_moisture':
      return { ...OFF, missing: { ...silentAfter, severity: 'major' } };
    default:
      return OFF;
  }
}

/** Stores the demo's alarm rules for each series without rules of its own; returns how many were written. */
export async function provisionDemoMonitoring(
  store: Pick<Store, 'getDoc' | 'putDoc'>,
  assets: readonly AssetMeta[],
): Promise<number> {
  let written = 0;
  for (const a of assets)
    for (const metric of Object.keys(a.metrics)) {
      const id = `${a.id}/${metric}`;
      if (await monitoring.monitorRulesCollection.has(store, id)) continue;
      await monitoring.monitorRulesCollection.put(store, id, demoMonitorOverrides(metric, a));
      written++;
    }
  return written;
}
