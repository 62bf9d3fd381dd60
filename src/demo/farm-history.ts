/**
 * Weeks of the demo farm written straight into a store, for tests and screenshots that need the
 * daily agronomy (ET0, degree days) that the live demo would take weeks of replay to produce.
 * The same farm model as the live demo, at a coarser interval, one `writePoints` per simulated day.
 * It bypasses MQTT and the cleaning pipeline: the simulated values are always in range and in unit.
 */

import { createRng } from '../core/index.js';
import type { Store } from '../store/index.js';
import { DAY } from './calendar.js';
import { createFarmSim, farmAssets } from './farm.js';
import { provisionAssets } from './provision.js';

export async function seedFarmHistory(
  store: Store,
  opts: {
    readonly start: number;
    readonly end: number;
    readonly intervalMs?: number;
    readonly seed?: number;
  },
): Promise<{ points: number }> {
  const intervalMs = opts.intervalMs ?? 15 * 60_000;
  await provisionAssets(store, farmAssets(intervalMs));
  const sim = createFarmSim(createRng(opts.seed ?? 7), intervalMs, opts.start);
  let points = 0;
  for (let dayStart = opts.start; dayStart < opts.end; dayStart += DAY) {
    const batch: { seriesId: string; ts: number; value: number }[] = [];
    const dayEnd = Math.min(opts.end, dayStart + DAY);
    for (let ts = dayStart; ts < dayEnd; ts += intervalMs)
      sim.sample(ts, (assetId, metric, t, value) =>
        batch.push({ seriesId: `${assetId}/${metric}`, ts: t, value }),
      );
    await store.writePoints(batch);
    points += batch.length;
  }
  return { points };
}
