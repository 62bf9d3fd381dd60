/**
 * The staffing service: the fewest servers per shift that meet a service-level target (Erlang C
 * on the queueing engine), for arrivals given per shift or forecast from a stored series, with a
 * one-line summary. The HTTP API (`POST /api/v1/staffing`) calls it; `xinzhi queue` answers the
 * single-period questions offline.
 */
import { type Clock, XinzhiError } from '../../core/index.js';
import { staffShifts } from '../../optimize/index.js';
import type { Store } from '../../store/index.js';
import { type Aggregate, forecastPeriods } from '../forecasting/index.js';

export interface StaffingRequest {
  /** Arrivals per hour of each shift (a forecast the caller has); or `forecast`. */
  readonly shifts?: ReadonlyArray<{ label: string; arrivalsPerHour: number }> | undefined;
  /** Arrivals per shift forecast from a stored series. */
  readonly forecast?:
    | { series: string; shiftHours: number; horizon: number; aggregate: Aggregate; history: number }
    | undefined;
  readonly serviceMinutes: number;
  readonly serviceLevel: number;
  readonly answerMinutes: number;
  readonly shrinkage: number;
  readonly maxAsaMinutes?: number | undefined;
  readonly maxOccupancy?: number | undefined;
}

export interface StaffedShift {
  label: string;
  /** Shift start (UTC ms) of a forecast shift. */
  start: number | null;
  arrivalsPerHour: number;
  load: number;
  servers: number;
  scheduled: number;
  serviceLevel: number | null;
  probabilityOfWaiting: number;
  asaMinutes: number;
  occupancy: number;
}

export interface StaffingPlan {
  target: { serviceLevel: number; answerMinutes: number; serviceMinutes: number; shrinkage: number };
  shifts: StaffedShift[];
  forecast: {
    series: string;
    history: number;
    model: string;
    level: number;
    lowerPerHour: number[];
    upperPerHour: number[];
  } | null;
  summary: string;
}

/** BAD_INPUT naming `shifts` unless exactly one of `shifts` and `forecast` is given. */
export async function planStaffing(
  deps: { readonly store: Store; readonly clock: Clock },
  b: StaffingRequest,
): Promise<StaffingPlan> {
  if ((b.shifts === undefined) === (b.forecast === undefined))
    throw new XinzhiError('BAD_INPUT', 'give either `shifts` (arrivals per hour) or `forecast` (a series)', {
      field: 'shifts',
    });
  let shifts: { label: string; start: number | null; arrivalsPerHour: number }[];
  let forecast: StaffingPlan['forecast'] = null;
  if (b.forecast) {
    const f = b.forecast;
    const fc = await forecastPeriods(deps.store, f.series, {
      periodMs: f.shiftHours * 3_600_000,
      now: deps.clock.now(),
      history: f.history,
      aggregate: f.aggregate,
      horizon: f.horizon,
      field: 'forecast.series',
    });
    shifts = fc.point.map((x, i) => ({
      label: new Date(fc.starts[i] ?? 0).toISOString().slice(0, 16).replace('T', ' '),
      start: fc.starts[i] ?? null,
      arrivalsPerHour: x / f.shiftHours,
    }));
    forecast = {
      series: f.series,
      history: fc.history,
      model: fc.model,
      level: fc.level,
      lowerPerHour: fc.lower.map((x) => x / f.shiftHours),
      upperPerHour: fc.upper.map((x) => x / f.shiftHours),
    };
  } else shifts = (b.shifts ?? []).map((s) => ({ ...s, start: null }));
  // Rates per minute: arrivals/h ÷ 60, services 1/serviceMinutes.
  const staffed = staffShifts(
    shifts.map((s) => ({ label: s.label, arrivalRate: s.arrivalsPerHour / 60 })),
    {
      serviceRate: 1 / b.serviceMinutes,
      serviceLevel: b.serviceLevel,
      answerTime: b.answerMinutes,
      shrinkage: b.shrinkage,
      ...(b.maxAsaMinutes === undefined ? {} : { maxAsa: b.maxAsaMinutes }),
      ...(b.maxOccupancy === undefined ? {} : { maxOccupancy: b.maxOccupancy }),
    },
  );
  const out = staffed.map((r, i) => ({
    label: r.label,
    start: shifts[i]?.start ?? null,
    arrivalsPerHour: shifts[i]?.arrivalsPerHour ?? 0,
    load: r.A,
    servers: r.servers,
    scheduled: r.scheduled,
    serviceLevel: r.serviceLevel,
    probabilityOfWaiting: r.Pwait,
    asaMinutes: r.asa,
    occupancy: r.occupancy,
  }));
  const answer =
    b.answerMinutes < 1
      ? `${Number((b.answerMinutes * 60).toFixed(1))} s`
      : `${Number(b.answerMinutes.toFixed(2))} min`;
  const peak = out.reduce((m, s) => Math.max(m, s.scheduled), 0);
  const total = out.reduce((m, s) => m + s.scheduled, 0);
  const summary = `${out.length} shift${out.length === 1 ? '' : 's'}: ${total} people scheduled in all, at most ${peak} in one shift, for ${Math.round(b.serviceLevel * 100)} % answered within ${answer}${b.shrinkage > 0 ? ` with ${Math.round(b.shrinkage * 100)} % shrinkage` : ''}.`;
  return {
    target: {
      serviceLevel: b.serviceLevel,
      answerMinutes: b.answerMinutes,
      serviceMinutes: b.serviceMinutes,
      shrinkage: b.shrinkage,
    },
    shifts: out,
    forecast,
    summary,
  };
}
