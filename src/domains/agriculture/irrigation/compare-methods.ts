/**
 * LP against the greedy rule and a fixed calendar on the same fields and weather. Volumes alone
 * flatter whichever plan leaves the soil driest at the end, so each row also gives the water needed
 * to refill the root zone to field capacity after the horizon (final depletion / efficiency) and
 * the sum of both, the fair basis for "expected saving".
 */
import { DEFAULT_APPLICATION_EFFICIENCY } from '../water/field.js';
import { type FixedCalendar, simulateCalendar } from './fixed-calendar.js';
import type { FieldPlanSummary, IrrigationFieldInput, IrrigationPlan } from './plan-irrigation.js';

export interface MethodRow {
  readonly method: string;
  readonly volumeM3: number;
  /** Gross water to bring every field back to field capacity at the end, m³. */
  readonly refillM3: number;
  /** volumeM3 + refillM3. */
  readonly equalEndM3: number;
  readonly events: number;
  readonly stressDays: number;
  readonly deepPercolationMm: number;
  /** Area-weighted ΣETc,adj/ΣETc. */
  readonly relativeEt: number;
}

export function methodRow(
  method: string,
  inputs: readonly IrrigationFieldInput[],
  summaries: readonly FieldPlanSummary[],
): MethodRow {
  let volume = 0;
  let refill = 0;
  let events = 0;
  let stress = 0;
  let dp = 0;
  let et = 0;
  let adj = 0;
  summaries.forEach((s, i) => {
    const f = inputs[i]!.field;
    volume += s.volumeM3;
    refill +=
      (s.finalDepletionMm / (f.applicationEfficiency ?? DEFAULT_APPLICATION_EFFICIENCY)) * f.areaHa * 10;
    events += s.events;
    stress += s.stressDays;
    dp += s.deepPercolationMm;
    et += s.etcMm * f.areaHa;
    adj += s.etcAdjMm * f.areaHa;
  });
  return {
    method,
    volumeM3: volume,
    refillM3: refill,
    equalEndM3: volume + refill,
    events,
    stressDays: stress,
    deepPercolationMm: dp,
    relativeEt: et > 0 ? adj / et : 1,
  };
}

/** Rows for each plan given and, if asked, the calendar, in that order. */
export function compareMethods(
  inputs: readonly IrrigationFieldInput[],
  plans: readonly { readonly method: string; readonly plan: IrrigationPlan }[],
  calendar?: FixedCalendar,
): MethodRow[] {
  const rows = plans.map((p) =>
    methodRow(
      p.method,
      inputs,
      p.plan.fields.map((f) => f.summary),
    ),
  );
  if (calendar)
    rows.push(
      methodRow(
        `calendar ${calendar.intervalDays} d × ${calendar.grossMm} mm`,
        inputs,
        inputs.map((x) => simulateCalendar(x, calendar)),
      ),
    );
  return rows;
}
