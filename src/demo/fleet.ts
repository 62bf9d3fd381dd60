import type { Rng } from '../core/index.js';
import type { logistics } from '../domains/index.js';
import { HOUR, localDay, MINUTE } from './calendar.js';
import { type AssetMeta, type DeviceModel, type Emit, withSignals } from './types.js';

/** The delivery fleet: depot `depot1` in Suzhou Industrial Park and six vans. */
export const FLEET = {
  depot: 'depot1',
  latitude: 31.319,
  longitude: 120.723,
  vans: ['van-01', 'van-02', 'van-03', 'van-04', 'van-05', 'van-06'],
  capacityKg: 1200,
} as const;

export const VAN_STATUS = { AT_DEPOT: 0, DRIVING: 1, DELIVERING: 2 } as const;

const KM_PER_DEG_LAT = 111.2;
const kmPerDegLon = KM_PER_DEG_LAT * Math.cos((FLEET.latitude * Math.PI) / 180);

interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

interface Segment {
  readonly from: number;
  readonly to: number;
  readonly kind: 'depot' | 'drive' | 'deliver';
  /** Drive: the corners of a grid-street route (east–west first, then north–south). */
  readonly path: readonly LatLon[];
  readonly load: number;
  readonly speedKmh: number;
}

const gridKm = (a: LatLon, b: LatLon): number =>
  Math.abs(b.lon - a.lon) * kmPerDegLon + Math.abs(b.lat - a.lat) * KM_PER_DEG_LAT;

const round = (v: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

export function fleetAssets(intervalMs: number): AssetMeta[] {
  const depot: AssetMeta = {
    id: FLEET.depot,
    parentId: null,
    kind: 'depot',
    name: 'Depot 1',
    type: 'depot',
    attributes: { latitude: FLEET.latitude, longitude: FLEET.longitude, timeZone: 'Asia/Shanghai' },
    metrics: {},
  };
  const codes = { '0': 'at-depot', '1': 'driving', '2': 'delivering' };
  return [
    depot,
    ...FLEET.vans.map(
      (v): AssetMeta => ({
        id: `${FLEET.depot}/${v}`,
        parentId: FLEET.depot,
        kind: 'vehicle',
        name: v,
        type: 'van',
        attributes: { capacityKg: FLEET.capacityKg },
        metrics: withSignals({
          latitude: { unit: 'deg', description: 'GPS latitude (WGS 84)', min: -90, max: 90, intervalMs },
          longitude: { unit: 'deg', description: 'GPS longitude (WGS 84)', min: -180, max: 180, intervalMs },
          speed: { unit: 'km/h', description: 'ground speed', min: 0, max: 130, intervalMs },
          load: { unit: 'kg', description: 'cargo mass on board', min: 0, max: FLEET.capacityKg, intervalMs },
          status: {
            unit: '1',
            description: 'status code: 0=at-depot, 1=driving, 2=delivering',
            min: 0,
            max: 2,
            intervalMs,
            signal: 'state',
            codes,
          },
        }),
      }),
    ),
  ];
}

/** Two delivery rounds a day (from ~08:00 and ~13:30 local), 4–7 stops each, nearest stop next. */
function planDay(rng: Rng, day: number): Segment[] {
  const depot: LatLon = { lat: FLEET.latitude, lon: FLEET.longitude };
  const midnight = day * 86_400_000 - 8 * HOUR;
  const segs: Segment[] = [];
  let t = midnight;
  for (const departHour of [8, 13.5]) {
    const stops: { at: LatLon; kg: number }[] = [];
    const n = rng.int(4, 7);
    for (let i = 0; i < n; i++) {
      const bearing = rng.range(0, 2 * Math.PI);
      const km = rng.range(2, 12);
      stops.push({
        at: {
          lat: depot.lat + (km * Math.cos(bearing)) / KM_PER_DEG_LAT,
          lon: depot.lon + (km * Math.sin(bearing)) / kmPerDegLon,
        },
        kg: rng.range(40, 170),
      });
    }
    let load = stops.reduce((s, x) => s + x.kg, 0);
    const depart = Math.max(t + 20 * MINUTE, midnight + departHour * HOUR + rng.range(0, 20) * MINUTE);
    segs.push({ from: t, to: depart, kind: 'depot', path: [depot], load: 0, speedKmh: 0 });
    t = depart;
    let here = depot;
    const remaining = [...stops];
    const drive = (to: LatLon): void => {
      const v = rng.range(24, 40);
      const dur = (gridKm(here, to) / v) * HOUR;
      segs.push({
        from: t,
        to: t + dur,
        kind: 'drive',
        path: [here, { lat: here.lat, lon: to.lon }, to],
        load,
        speedKmh: v,
      });
      t += dur;
      here = to;
    };
    while (remaining.length > 0) {
      let best = 0;
      for (let i = 1; i < remaining.length; i++)
        if (gridKm(here, remaining[i]!.at) < gridKm(here, remaining[best]!.at)) best = i;
      const stop = remaining.splice(best, 1)[0]!;
      drive(stop.at);
      const dur = rng.range(6, 15) * MINUTE;
      segs.push({ from: t, to: t + dur, kind: 'deliver', path: [here], load, speedKmh: 0 });
      t += dur;
      load = Math.max(0, load - stop.kg);
    }
    drive(depot);
  }
  segs.push({ from: t, to: midnight + 24 * HOUR, kind: 'depot', path: [depot], load: 0, speedKmh: 0 });
  return segs;
}

/** The day's delivery plan for the fleet, when one has been made (see `serve --demo`). */
export type FleetPlanSource = (
  day: number,
) => { readonly problem: logistics.DeliveryProblem; readonly plan: logistics.DeliveryPlan } | undefined;

/**
 * The van's day following its route in a delivery plan: at the depot until the planned departure,
 * then each leg driven on the street grid so that it arrives at the planned time, at the stop
 * (waiting for its window, then unloading) until the planned departure, and back to the depot.
 */
function followPlan(
  van: string,
  day: number,
  source: ReturnType<FleetPlanSource> & object,
): Segment[] | undefined {
  const route = source.plan.routes.find((r) => r.vanId === van);
  if (!route) return undefined;
  const byId = new Map(source.problem.orders.map((o) => [o.id, o]));
  const depot: LatLon = { lat: source.problem.depot.lat, lon: source.problem.depot.lon };
  const midnight = day * 86_400_000 - 8 * HOUR;
  const end = midnight + 24 * HOUR;
  const segs: Segment[] = [];
  let load = route.stops.reduce((q, s) => q + (byId.get(s.orderId)?.demand ?? 0), 0);
  let t = Math.max(midnight, route.departure);
  segs.push({ from: midnight, to: t, kind: 'depot', path: [depot], load: 0, speedKmh: 0 });
  let here = depot;
  const drive = (to: LatLon, arrival: number): void => {
    const dur = Math.max(arrival - t, 1000);
    segs.push({
      from: t,
      to: t + dur,
      kind: 'drive',
      path: [here, { lat: here.lat, lon: to.lon }, to],
      load,
      speedKmh: gridKm(here, to) / (dur / HOUR),
    });
    t += dur;
    here = to;
  };
  for (const stop of route.stops) {
    const o = byId.get(stop.orderId);
    if (!o) return undefined;
    drive({ lat: o.lat, lon: o.lon }, stop.arrival);
    const to = Math.max(t, stop.departure);
    segs.push({ from: t, to, kind: 'deliver', path: [here], load, speedKmh: 0 });
    t = to;
    load = stop.loadAfter;
  }
  if (route.stops.length > 0) drive(depot, route.returnAt);
  segs.push({ from: t, to: Math.max(t + 1, end), kind: 'depot', path: [depot], load: 0, speedKmh: 0 });
  return segs;
}

/** Position along a polyline at fraction f of its length. */
function along(path: readonly LatLon[], f: number): LatLon {
  const lens: number[] = [];
  let total = 0;
  for (let i = 1; i < path.length; i++) {
    const l = gridKm(path[i - 1]!, path[i]!);
    lens.push(l);
    total += l;
  }
  let d = f * total;
  for (let i = 1; i < path.length; i++) {
    const l = lens[i - 1]!;
    if (d <= l || i === path.length - 1) {
      const a = path[i - 1]!;
      const b = path[i]!;
      const g = l === 0 ? 1 : Math.min(1, d / l);
      return { lat: a.lat + (b.lat - a.lat) * g, lon: a.lon + (b.lon - a.lon) * g };
    }
    d -= l;
  }
  return path[path.length - 1]!;
}

/**
 * One van following its daily plan; speed varies around the leg's average with traffic lights.
 * With `plans`, the van drives its route of the day's delivery plan; for a day without one (yet),
 * it makes two nearest-stop-next rounds, and switches to the plan as soon as one exists.
 */
export function createVanSim(
  van: string,
  rng: Rng,
  intervalMs: number,
  plans?: FleetPlanSource,
): DeviceModel {
  const assetId = `${FLEET.depot}/${van}`;
  let day = Number.NaN;
  let plan: Segment[] = [];
  let planned = false;
  let idx = 0;
  const phase = rng.range(0, 2 * Math.PI);
  return {
    intervalMs,
    sample(ts, emit: Emit) {
      const d = localDay(ts);
      if (d !== day || (!planned && plans)) {
        const source = plans?.(d);
        const followed = source ? followPlan(van, d, source) : undefined;
        if (followed) {
          plan = followed;
          planned = true;
          idx = 0;
        } else if (d !== day) {
          // A stream per van and day: a day's plan does not depend on when the simulation started.
          plan = planDay(rng.fork(`day-${d}`), d);
          planned = false;
          idx = 0;
        }
        day = d;
      }
      while (idx < plan.length - 1 && ts >= plan[idx]!.to) idx++;
      const seg = plan[idx]!;
      let pos = seg.path[0]!;
      let speed = 0;
      let status: number = VAN_STATUS.AT_DEPOT;
      if (seg.kind === 'drive') {
        status = VAN_STATUS.DRIVING;
        pos = along(seg.path, (ts - seg.from) / (seg.to - seg.from));
        const wave = Math.sin((2 * Math.PI * ts) / 90_000 + phase);
        speed = wave < -0.8 ? 0 : Math.max(0, seg.speedKmh * (1 + 0.3 * wave) + rng.normal(0, 1.5));
      } else if (seg.kind === 'deliver') status = VAN_STATUS.DELIVERING;
      const upcoming = plan[idx + 1];
      // Loading starts 30 minutes before departure.
      const load =
        seg.kind === 'depot' && upcoming && upcoming.kind === 'drive' && upcoming.from - ts <= 30 * MINUTE
          ? upcoming.load
          : seg.load;
      emit(assetId, 'latitude', ts, round(pos.lat + rng.normal(0, 0.00003), 6), 'deg');
      emit(assetId, 'longitude', ts, round(pos.lon + rng.normal(0, 0.00003), 6), 'deg');
      emit(assetId, 'speed', ts, round(speed, 1), 'km/h');
      emit(assetId, 'load', ts, round(load, 1), 'kg');
      emit(assetId, 'status', ts, status, '1');
    },
  };
}
