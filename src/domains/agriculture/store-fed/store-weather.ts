/**
 * Daily weather and soil moisture of a field, read from stored series through hourly buckets
 * (the store's 1-hour rollups) and grouped into local calendar days. A day's value is only taken
 * when the series covers enough of it; otherwise the quantity is left out and FAO-56's procedures
 * for missing data fill it when ET0 is computed (humidity from Tmin, Rs from the temperature range,
 * wind 2 m/s). A day without air temperature cannot be computed and is reported as missing.
 */
import type { Store } from '../../../store/index.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Hours of data a day needs before its extremes, means or radiation total are used. */
export const MIN_HOURS_PER_DAY = 20;

export interface StoredDay {
  /** Local date, `YYYY-MM-DD`. */
  readonly date: string;
  readonly tMax?: number;
  readonly tMin?: number;
  readonly rhMax?: number;
  readonly rhMin?: number;
  /** Mean wind speed at the station height, m/s. */
  readonly windSpeed?: number;
  /** Solar radiation, MJ m⁻² day⁻¹ (from mean irradiance × 0.0864). */
  readonly rs?: number;
  /** Rain, mm (sum of the interval totals); 0 with `rainMissing` when the gauge did not report. */
  readonly rain: number;
  readonly rainMissing?: boolean;
  /** Hours of air-temperature data in the day. */
  readonly hours: number;
}

type Hourly = Map<number, { min: number; max: number; avg: number; count: number }>;

/** Local date of an instant. */
export const localDate = (ts: number, offsetMs: number): string =>
  new Date(ts + offsetMs).toISOString().slice(0, 10);
/** UTC instant of a local date's midnight. */
export const localMidnightOf = (date: string, offsetMs: number): number =>
  Date.parse(`${date}T00:00:00Z`) - offsetMs;

async function hourly(
  store: Pick<Store, 'queryBuckets'>,
  seriesId: string,
  from: number,
  to: number,
): Promise<Hourly> {
  const r = await store.queryBuckets(seriesId, { from, to, bucketMs: HOUR });
  return new Map(r.buckets.map((b) => [b.ts, b]));
}

function daySlice(h: Hourly, start: number): Array<{ min: number; max: number; avg: number; count: number }> {
  const out = [];
  for (let t = start; t < start + DAY; t += HOUR) {
    const b = h.get(t);
    if (b) out.push(b);
  }
  return out;
}

/**
 * Daily weather for the local dates `[fromDate, toDate]` from the station's `air_temp`,
 * `humidity`, `wind_speed`, `solar_radiation` and `rain` series (absent series are skipped).
 * `offsetMs` must be a whole number of hours (hourly buckets are aligned to UTC).
 */
export async function loadDailyWeather(
  store: Pick<Store, 'queryBuckets' | 'getSeries'>,
  station: string,
  fromDate: string,
  toDate: string,
  offsetMs: number,
): Promise<StoredDay[]> {
  const from = localMidnightOf(fromDate, offsetMs);
  const to = localMidnightOf(toDate, offsetMs) + DAY;
  const load = async (metric: string): Promise<Hourly | undefined> => {
    const id = `${station}/${metric}`;
    return (await store.getSeries(id)) ? hourly(store, id, from, to) : undefined;
  };
  const [temp, rh, wind, solar, rain] = [
    await load('air_temp'),
    await load('humidity'),
    await load('wind_speed'),
    await load('solar_radiation'),
    await load('rain'),
  ];
  const days: StoredDay[] = [];
  for (let start = from; start < to; start += DAY) {
    const t = temp ? daySlice(temp, start) : [];
    const full = <T>(xs: readonly T[]): boolean => xs.length >= MIN_HOURS_PER_DAY;
    const h = rh ? daySlice(rh, start) : [];
    const w = wind ? daySlice(wind, start) : [];
    const s = solar ? daySlice(solar, start) : [];
    const r = rain ? daySlice(rain, start) : [];
    const mean = (xs: readonly { avg: number }[]): number => xs.reduce((a, b) => a + b.avg, 0) / xs.length;
    days.push({
      date: localDate(start, offsetMs),
      ...(full(t) ? { tMax: Math.max(...t.map((b) => b.max)), tMin: Math.min(...t.map((b) => b.min)) } : {}),
      ...(full(h)
        ? { rhMax: Math.max(...h.map((b) => b.max)), rhMin: Math.min(...h.map((b) => b.min)) }
        : {}),
      ...(full(w) ? { windSpeed: mean(w) } : {}),
      // Mean W/m² over the day × 86 400 s = J/m²; /1e6 → MJ/m².
      ...(full(s) ? { rs: mean(s) * 0.0864 } : {}),
      rain: r.reduce((a, b) => a + b.avg * b.count, 0),
      ...(full(r) ? {} : { rainMissing: true }),
      hours: t.length,
    });
  }
  return days;
}

/**
 * Root-zone water content (m³/m³) at the start of each local date in `[fromDate, toDate]`: the
 * mean over the given series of their first hour of the day. Series in `%` are divided by 100.
 */
export async function loadDailyMoisture(
  store: Pick<Store, 'queryBuckets' | 'getSeries'>,
  seriesIds: readonly string[],
  fromDate: string,
  toDate: string,
  offsetMs: number,
): Promise<Map<string, number>> {
  const from = localMidnightOf(fromDate, offsetMs);
  const to = localMidnightOf(toDate, offsetMs) + DAY;
  const sums = new Map<string, { sum: number; n: number }>();
  for (const id of seriesIds) {
    const s = await store.getSeries(id);
    if (!s) continue;
    const scale = s.unit === '%' ? 0.01 : 1;
    const h = await hourly(store, id, from, to);
    for (let start = from; start < to; start += DAY) {
      const b = h.get(start);
      if (!b) continue;
      const date = localDate(start, offsetMs);
      const acc = sums.get(date) ?? { sum: 0, n: 0 };
      acc.sum += b.avg * scale;
      acc.n++;
      sums.set(date, acc);
    }
  }
  return new Map([...sums].map(([d, a]) => [d, a.sum / a.n]));
}
