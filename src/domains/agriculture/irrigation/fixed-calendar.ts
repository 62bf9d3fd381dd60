/** The comparison the schedule is measured against: a fixed irrigation calendar over the same weather. */
import { DEFAULT_APPLICATION_EFFICIENCY } from '../water/field.js';
import { simulateField } from '../water/simulate-field.js';
import {
  type FieldPlanSummary,
  type IrrigationFieldInput,
  type IrrigationPlan,
  summarise,
} from './plan-irrigation.js';

export interface FixedCalendar {
  /** Days between irrigations. */
  readonly intervalDays: number;
  /** Gross depth per irrigation, mm. */
  readonly grossMm: number;
  /** Index of the first irrigation day in the horizon (default 0). */
  readonly firstDay?: number;
}

/** Simulates a field irrigated by a fixed calendar (every `intervalDays`, `grossMm` each time). */
export function simulateCalendar(input: IrrigationFieldInput, calendar: FixedCalendar): FieldPlanSummary {
  if (!(calendar.intervalDays >= 1) || !(calendar.grossMm >= 0))
    throw new RangeError('calendar needs intervalDays ≥ 1 and grossMm ≥ 0');
  const first = calendar.firstDay ?? 0;
  const days = simulateField(
    input.field,
    input.days.map((d, t) => ({
      ...d,
      irrigationGross: t >= first && (t - first) % calendar.intervalDays === 0 ? calendar.grossMm : 0,
    })),
    { initialDepletion: input.initialDepletion ?? 0 },
  );
  return summarise(input.field, days);
}

export interface CalendarComparison {
  readonly calendar: FixedCalendar;
  readonly scheduledM3: number;
  readonly calendarM3: number;
  /** Gross water to refill each root zone to field capacity after the horizon, m³. */
  readonly scheduledRefillM3: number;
  readonly calendarRefillM3: number;
  /**
   * (calendar + its refill) − (scheduled + its refill), m³: volumes alone would credit a plan for
   * leaving the soil drier at the end (negative when the schedule uses more).
   */
  readonly savingM3: number;
  /** savingM3 / (calendarM3 + calendarRefillM3) (0 when that is 0). */
  readonly savingFraction: number;
  readonly scheduledStressDays: number;
  readonly calendarStressDays: number;
  readonly scheduledDeepPercolationMm: number;
  readonly calendarDeepPercolationMm: number;
  /** Area-weighted ΣETc,adj/ΣETc of each: a drop means the saving cost transpiration. */
  readonly scheduledRelativeEt: number;
  readonly calendarRelativeEt: number;
  readonly perField: readonly { readonly scheduled: FieldPlanSummary; readonly calendar: FieldPlanSummary }[];
}

/** Expected water saving of the plan against a fixed calendar, both simulated over the same weather. */
export function compareWithCalendar(
  inputs: readonly IrrigationFieldInput[],
  plan: IrrigationPlan,
  calendar: FixedCalendar,
): CalendarComparison {
  const perField = inputs.map((input, i) => ({
    scheduled: plan.fields[i]!.summary,
    calendar: simulateCalendar(input, calendar),
  }));
  const sum = (f: (x: (typeof perField)[number]) => number): number => perField.reduce((s, x) => s + f(x), 0);
  const area = (i: number): number => inputs[i]!.field.areaHa;
  const weighted = (pick: (x: (typeof perField)[number]) => FieldPlanSummary): number => {
    const et = perField.reduce((s, x, i) => s + pick(x).etcMm * area(i), 0);
    const adj = perField.reduce((s, x, i) => s + pick(x).etcAdjMm * area(i), 0);
    return et > 0 ? adj / et : 1;
  };
  const scheduledM3 = sum((x) => x.scheduled.volumeM3);
  const calendarM3 = sum((x) => x.calendar.volumeM3);
  const refill = (pick: (x: (typeof perField)[number]) => FieldPlanSummary): number =>
    perField.reduce((s, x, i) => {
      const f = inputs[i]!.field;
      return (
        s +
        (pick(x).finalDepletionMm / (f.applicationEfficiency ?? DEFAULT_APPLICATION_EFFICIENCY)) *
          f.areaHa *
          10
      );
    }, 0);
  const scheduledRefillM3 = refill((x) => x.scheduled);
  const calendarRefillM3 = refill((x) => x.calendar);
  const calendarTotal = calendarM3 + calendarRefillM3;
  const saving = calendarTotal - (scheduledM3 + scheduledRefillM3);
  return {
    calendar,
    scheduledM3,
    calendarM3,
    scheduledRefillM3,
    calendarRefillM3,
    savingM3: saving,
    savingFraction: calendarTotal > 0 ? saving / calendarTotal : 0,
    scheduledStressDays: sum((x) => x.scheduled.stressDays),
    calendarStressDays: sum((x) => x.calendar.stressDays),
    scheduledDeepPercolationMm: sum((x) => x.scheduled.deepPercolationMm),
    calendarDeepPercolationMm: sum((x) => x.calendar.deepPercolationMm),
    scheduledRelativeEt: weighted((x) => x.scheduled),
    calendarRelativeEt: weighted((x) => x.calendar),
    perField,
  };
}
