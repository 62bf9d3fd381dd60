/**
 * Water-balance-driven irrigation schedule for several fields sharing a pump and a water budget.
 *
 * The rule (documented in docs/agriculture.md) is FAO-56's management-allowed depletion: irrigate a
 * field on the day its root-zone depletion would pass RAW, with the net depth that brings it back to
 * field capacity at the end of that day (less any room left for rain), so Ks stays 1 and nothing
 * drains. When the pump or the budget cannot serve every field due that day, fields are served in
 * order of urgency ((projected Dr − RAW)/TAW, largest first); a field not served carries its
 * depletion into the next day and is due again. Pump capacity left over is used for fields that
 * would fall due tomorrow (one-day look-ahead), which spreads peaks before they collide.
 *
 * This is a greedy rule, not an optimum: `planIrrigationLp` solves the same problem as a MILP and
 * falls back to this rule when the solver gives no plan.
 */
import { kcOnDay } from '../crop/kc-curve.js';
import { effectiveRain } from '../water/effective-rain.js';
import { DEFAULT_APPLICATION_EFFICIENCY, daysAfterPlanting, type Field } from '../water/field.js';
import { totalAvailableWater, waterStressCoefficient } from '../water/root-zone.js';
import {
  depletionFractionFor,
  type FieldDay,
  type FieldDayResult,
  simulateField,
} from '../water/simulate-field.js';
import { defaultMoistureTolerance, reconcileDepletion } from '../water/soil-moisture.js';

export interface IrrigationFieldInput {
  readonly field: Field;
  /** Daily ET0, rain and optional soil-moisture readings, one per day of the horizon, in date order. */
  readonly days: readonly FieldDay[];
  /** Depletion at the start of the first day, mm (default 0, or the first day's sensor reading). */
  readonly initialDepletion?: number;
}

/** Constraints and rule settings; every field is optional with the stated default. */
export interface IrrigationConstraints {
  /** Shared pump (or canal turnout) capacity, m³ per day; unlimited when absent. */
  readonly pumpCapacityM3PerDay?: number;
  /** Water available over the whole horizon, m³; unlimited when absent. */
  readonly waterBudgetM3?: number;
  /** Smallest net depth worth applying, mm (default 5). */
  readonly minEventMm?: number;
  /** Largest gross depth the system applies in one day, mm (default: unlimited). */
  readonly maxEventGrossMm?: number;
  /** Room left below field capacity for expected rain, mm (default 0). */
  readonly leaveForRainMm?: number;
  /** Serve fields falling due tomorrow with spare capacity today (default true). */
  readonly lookAhead?: boolean;
  /** Soil-moisture tolerance, mm (default max(5, 0.1 TAW)). */
  readonly moistureToleranceMm?: number;
}

export type LimitedBy = 'pump' | 'budget' | 'max-event';

export interface IrrigationEvent {
  readonly date: string;
  readonly fieldId: string;
  readonly netMm: number;
  readonly grossMm: number;
  readonly volumeM3: number;
  /**
   * `due`: depletion would pass RAW today; `ahead`: it would tomorrow and capacity was spare
   * (greedy rule); `planned`: chosen by the MILP (`planIrrigationLp`).
   */
  readonly reason: 'due' | 'ahead' | 'planned';
  readonly drBeforeMm: number;
  readonly rawMm: number;
  /** Set when the event is smaller than needed, and why. */
  readonly limitedBy?: LimitedBy;
}

export interface FieldPlanSummary {
  readonly fieldId: string;
  readonly netMm: number;
  readonly grossMm: number;
  readonly volumeM3: number;
  readonly events: number;
  /** Days with Ks < 1 (water stress). */
  readonly stressDays: number;
  readonly deepPercolationMm: number;
  readonly etcMm: number;
  readonly etcAdjMm: number;
  /** ΣETc,adj / ΣETc: 1 means no transpiration lost to stress. */
  readonly relativeEt: number;
  readonly finalDepletionMm: number;
}

export interface IrrigationPlan {
  readonly events: readonly IrrigationEvent[];
  readonly fields: readonly {
    readonly summary: FieldPlanSummary;
    readonly days: readonly FieldDayResult[];
  }[];
  readonly totals: {
    readonly volumeM3: number;
    readonly budgetM3?: number;
    readonly budgetLeftM3?: number;
    /** Dates on which a due field got less than it needed. */
    readonly constrainedDates: readonly string[];
    /** Water due fields needed but did not get, m³. */
    readonly unmetM3: number;
  };
}

export const M3_PER_MM_HA = 10;

interface Candidate {
  readonly index: number;
  readonly reason: 'due' | 'ahead';
  readonly urgency: number;
  readonly netNeed: number;
  readonly drBefore: number;
  readonly raw: number;
}

/** Summary of a simulated field (used for the plan and for the fixed-calendar comparison). */
export function summarise(field: Field, days: readonly FieldDayResult[]): FieldPlanSummary {
  let netMm = 0;
  let grossMm = 0;
  let events = 0;
  let stressDays = 0;
  let dp = 0;
  let etc = 0;
  let etcAdj = 0;
  for (const d of days) {
    netMm += d.irrigationNet;
    grossMm += d.irrigationGross;
    if (d.irrigationGross > 0) events++;
    if (d.ks < 1 - 1e-9) stressDays++;
    dp += d.deepPercolation;
    etc += d.etc;
    etcAdj += d.etcAdj;
  }
  return {
    fieldId: field.id,
    netMm,
    grossMm,
    volumeM3: grossMm * field.areaHa * M3_PER_MM_HA,
    events,
    stressDays,
    deepPercolationMm: dp,
    etcMm: etc,
    etcAdjMm: etcAdj,
    relativeEt: etc > 0 ? etcAdj / etc : 1,
    finalDepletionMm: days.at(-1)?.dr ?? 0,
  };
}

/**
 * Plans irrigation over the days given (all fields must cover the same dates, in order).
 * @example planIrrigation([{ field, days }], { pumpCapacityM3PerDay: 800, waterBudgetM3: 5000 })
 */
export function planIrrigation(
  inputs: readonly IrrigationFieldInput[],
  constraints: IrrigationConstraints = {},
): IrrigationPlan {
  const horizon = inputs[0]?.days.length ?? 0;
  for (const f of inputs)
    if (f.days.length !== horizon || f.days.some((d, i) => d.date !== inputs[0]?.days[i]?.date))
      throw new RangeError(`field ${f.field.id}: every field needs the same dates as the first`);
  const minEvent = constraints.minEventMm ?? 5;
  const leave = Math.max(0, constraints.leaveForRainMm ?? 0);
  const lookAhead = constraints.lookAhead ?? true;
  let budgetLeft = constraints.waterBudgetM3 ?? Infinity;
  const taw = inputs.map((f) => totalAvailableWater(f.field.thetaFc, f.field.thetaWp, f.field.rootDepthM));
  const eff = inputs.map((f) => f.field.applicationEfficiency ?? DEFAULT_APPLICATION_EFFICIENCY);
  const dr = inputs.map((f) => f.initialDepletion ?? 0);
  const applied: number[][] = inputs.map(() => new Array<number>(horizon).fill(0));
  const events: IrrigationEvent[] = [];
  const constrainedDates = new Set<string>();
  let unmet = 0;

  // Projected end-of-day depletion of field i on day t without irrigation, and that day's RAW.
  const project = (i: number, t: number, drStart: number): { end: number; raw: number } => {
    const input = inputs[i]!;
    const day = input.days[t]!;
    const kc = kcOnDay(input.field.kc, Math.max(0, daysAfterPlanting(input.field.plantingDate, day.date)));
    const p = depletionFractionFor(input.field, kc * day.et0);
    const ks = waterStressCoefficient(drStart, taw[i]!, p);
    const end = Math.max(0, drStart - effectiveRain(day.rain, input.field.curveNumber) + ks * kc * day.et0);
    return { end: Math.min(taw[i]!, end), raw: p * taw[i]! };
  };

  for (let t = 0; t < horizon; t++) {
    const date = inputs[0]!.days[t]!.date;
    const candidates: Candidate[] = [];
    inputs.forEach((input, i) => {
      const th = input.days[t]!.theta;
      if (th !== undefined) {
        dr[i] = reconcileDepletion({
          modelDr: dr[i]!,
          theta: th,
          thetaFc: input.field.thetaFc,
          thetaWp: input.field.thetaWp,
          rootDepthM: input.field.rootDepthM,
          toleranceMm: constraints.moistureToleranceMm ?? defaultMoistureTolerance(taw[i]!),
        }).dr;
      }
      const today = project(i, t, dr[i]!);
      if (today.end > today.raw) {
        candidates.push({
          index: i,
          reason: 'due',
          urgency: (today.end - today.raw) / taw[i]!,
          netNeed: Math.max(0, today.end - leave),
          drBefore: dr[i]!,
          raw: today.raw,
        });
      } else if (lookAhead && t + 1 < horizon) {
        const tomorrow = project(i, t + 1, today.end);
        if (tomorrow.end > tomorrow.raw)
          candidates.push({
            index: i,
            reason: 'ahead',
            urgency: (tomorrow.end - tomorrow.raw) / taw[i]!,
            netNeed: Math.max(0, today.end - leave),
            drBefore: dr[i]!,
            raw: today.raw,
          });
      }
    });
    candidates.sort((a, b) =>
      a.reason === b.reason ? b.urgency - a.urgency || a.index - b.index : a.reason === 'due' ? -1 : 1,
    );
    let pumpLeft = constraints.pumpCapacityM3PerDay ?? Infinity;
    for (const c of candidates) {
      if (c.netNeed < minEvent) continue;
      const field = inputs[c.index]!.field;
      const perMm = field.areaHa * M3_PER_MM_HA;
      let gross = c.netNeed / eff[c.index]!;
      let limitedBy: LimitedBy | undefined;
      if (constraints.maxEventGrossMm !== undefined && gross > constraints.maxEventGrossMm) {
        gross = constraints.maxEventGrossMm;
        limitedBy = 'max-event';
      }
      const wanted = gross * perMm;
      const cap = Math.min(pumpLeft, budgetLeft);
      if (c.reason === 'ahead' && wanted > cap) continue; // never half-water a field that is not yet due
      let volume = wanted;
      if (wanted > cap) {
        volume = cap;
        limitedBy = pumpLeft <= budgetLeft ? 'pump' : 'budget';
      }
      if (limitedBy === 'pump' || limitedBy === 'budget') {
        constrainedDates.add(date);
        unmet += wanted - volume;
      }
      gross = volume / perMm;
      if (gross * eff[c.index]! < minEvent) continue;
      pumpLeft -= volume;
      budgetLeft -= volume;
      applied[c.index]![t] = gross;
      events.push({
        date,
        fieldId: field.id,
        netMm: gross * eff[c.index]!,
        grossMm: gross,
        volumeM3: volume,
        reason: c.reason,
        drBeforeMm: c.drBefore,
        rawMm: c.raw,
        ...(limitedBy ? { limitedBy } : {}),
      });
    }
    // Advance every field one day with what it received.
    inputs.forEach((input, i) => {
      const { date: d, et0, rain } = input.days[t]!;
      const [row] = simulateField(input.field, [{ date: d, et0, rain, irrigationGross: applied[i]![t]! }], {
        initialDepletion: dr[i]!,
      });
      dr[i] = row!.dr;
    });
  }

  // Replay each field over the whole horizon with its schedule for the day-by-day record; the
  // replay meets the same sensor readings at the same depletions, so it reproduces the loop.
  const fields = inputs.map((input, i) => replayField(input, applied[i]!, constraints));
  return { events, fields, totals: planTotals(events, constraints, [...constrainedDates], unmet) };
}

/** One field through the exact FAO-56 balance (with its sensor corrections) given its gross mm per day. */
export function replayField(
  input: IrrigationFieldInput,
  applied: readonly number[],
  constraints: IrrigationConstraints,
): IrrigationPlan['fields'][number] {
  const days = simulateField(
    input.field,
    input.days.map((d, t) => ({ ...d, irrigationGross: applied[t]! })),
    {
      initialDepletion: input.initialDepletion ?? 0,
      ...(constraints.moistureToleranceMm !== undefined
        ? { moistureToleranceMm: constraints.moistureToleranceMm }
        : {}),
    },
  );
  return { summary: summarise(input.field, days), days };
}

/** A plan's totals: the water its events use, against the budget when there is one. */
export function planTotals(
  events: readonly IrrigationEvent[],
  constraints: IrrigationConstraints,
  constrainedDates: readonly string[],
  unmetM3: number,
): IrrigationPlan['totals'] {
  const volume = events.reduce((s, e) => s + e.volumeM3, 0);
  return {
    volumeM3: volume,
    ...(constraints.waterBudgetM3 !== undefined
      ? { budgetM3: constraints.waterBudgetM3, budgetLeftM3: constraints.waterBudgetM3 - volume }
      : {}),
    constrainedDates,
    unmetM3,
  };
}
