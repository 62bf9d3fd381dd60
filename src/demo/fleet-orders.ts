/**
 * The demo fleet's delivery orders of a day, as a delivery-planning problem: 24–32 stops 2–12 km
 * around the depot, 40–170 kg each, a third wanted in the morning (08:30–12:00), a third in the
 * afternoon (13:30–17:30), the rest any time in the vans' 08:00–18:00 shift. The same seed and day
 * give the same orders, so a day's plan does not depend on when the demo started.
 */

import { createRng } from '../core/index.js';
import type { logistics } from '../domains/index.js';
import { HOUR, MINUTE, TZ_OFFSET_MS } from './calendar.js';
import { FLEET } from './fleet.js';

const KM_PER_DEG_LAT = 111.2;
const kmPerDegLon = KM_PER_DEG_LAT * Math.cos((FLEET.latitude * Math.PI) / 180);

/** Id of the demo's plan for a local day, e.g. `demo-2024-05-01`. */
export function demoPlanId(day: number): string {
  return `demo-${new Date(day * 86_400_000).toISOString().slice(0, 10)}`;
}

export function demoDeliveryProblem(seed: number, day: number): logistics.DeliveryProblem {
  const rng = createRng(seed).fork(`fleet-orders/${day}`);
  const midnight = day * 86_400_000 - TZ_OFFSET_MS;
  const at = (h: number): number => midnight + h * HOUR;
  const depot = { lat: FLEET.latitude, lon: FLEET.longitude };
  const n = rng.int(24, 32);
  const orders: logistics.Order[] = [];
  for (let i = 0; i < n; i++) {
    const bearing = rng.range(0, 2 * Math.PI);
    const km = rng.range(2, 12);
    const kind = rng.int(0, 2);
    orders.push({
      id: `D${String(day % 1000).padStart(3, '0')}-${String(i + 1).padStart(2, '0')}`,
      lat: Math.round((depot.lat + (km * Math.cos(bearing)) / KM_PER_DEG_LAT) * 1e6) / 1e6,
      lon: Math.round((depot.lon + (km * Math.sin(bearing)) / kmPerDegLon) * 1e6) / 1e6,
      demand: Math.round(rng.range(40, 170)),
      serviceMin: Math.round(rng.range(6, 15)),
      ...(kind === 0 ? { window: [at(8.5), at(12)] as const } : {}),
      ...(kind === 1 ? { window: [at(13.5), at(17.5)] as const } : {}),
    });
  }
  const vans = FLEET.vans.map((id) => ({
    id,
    capacity: FLEET.capacityKg,
    shiftStart: at(8) + Math.round(rng.range(0, 10)) * MINUTE,
    shiftEnd: at(18),
  }));
  // The simulated vans drive at 24–40 km/h on a street grid: plan at 30 km/h, grid ≈ 1.3 × straight.
  return { depot, orders, vans, speedKmh: 30, roadFactor: 1.3 };
}
