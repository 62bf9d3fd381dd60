/**
 * Irrigation schedule as a MILP on the optimize engine: when and how much to irrigate each field
 * over the horizon, sharing a pump (m³/day) and a water budget (m³).
 *
 * Per field i and day t (ETc = Kc·ET0, effective rain P and RAW = p·TAW are known from the forecast,
 * so the FAO-56 balance is linear in the decisions):
 *
 *   D[t] = D[t−1] − P[t] − eff·g[t] + ETc[t] − r[t] + DP[t]        (Eq. 85, D[−1] = initial depletion)
 *   r[t] = ETc[t]·e[t]/(TAW − RAW[t]),  e[t] ≥ D[t−1] − RAW[t],  e ≥ 0  (Eq. 84: ETc − Ks·ETc, Ks from D[t−1])
 *   eff·g[t] ≤ D[t−1] + ETc[t] − r[t]      (irrigation only fills the root zone to field capacity: no
 *                                           deep percolation from irrigation; rain may still drain)
 *   minNet·y[t] ≤ eff·g[t],  g[t] ≤ maxGross·y[t],  y binary      (event depths)
 *   Σᵢ 10·areaᵢ·gᵢ[t] ≤ pump;  Σ 10·area·g ≤ budget
 *
 * Objective: Σ 10·area·g (m³) + λ·Σ 10·area·e (λ m³ per mm of depletion beyond RAW per ha and day)
 * + λ·10·area·e_end for the depletion beyond RAW left at the end (so the plan does not dry the
 * field out just after the horizon). Because e enters the objective with a positive weight, the
 * optimum puts e exactly at max(0, D − RAW) as long as λ exceeds the water a larger e would
 * "save" through r, ETc/((TAW − RAW)·eff); λ is raised to that bound when it is lower.
 *
 * The schedule found is replayed through `simulateField` (the exact FAO-56 balance with sensor
 * corrections), so its figures are directly comparable with the greedy rule and a calendar.
 */
import { expr, type LinExpr, ModelBuilder, type SolveResult, type Var } from '../../../optimize/index.js';
import { kcOnDay } from '../crop/kc-curve.js';
import type { SolveFn } from '../solve-fn.js';
import { effectiveRain } from '../water/effective-rain.js';
import { DEFAULT_APPLICATION_EFFICIENCY, daysAfterPlanting } from '../water/field.js';
import { totalAvailableWater } from '../water/root-zone.js';
import { depletionFractionFor } from '../water/simulate-field.js';
import {
  type IrrigationConstraints,
  type IrrigationEvent,
  type IrrigationFieldInput,
  type IrrigationPlan,
  M3_PER_MM_HA,
  planIrrigation,
  planTotals,
  replayField,
} from './plan-irrigation.js';

export interface LpIrrigationOptions {
  /** m³-equivalents charged per mm of depletion beyond RAW, per ha and day (default 5). */
  readonly stressPenalty?: number;
  /**
   * m³-equivalents charged per irrigation event and ha (labour, energy to start). Default 1 (0.1 mm):
   * enough to prefer fewer, larger events among plans using the same water, too small to change it.
   */
  readonly eventCost?: number;
  /** Solver time limit, s (default 20); the best plan found by then is used. */
  readonly timeLimit?: number;
  /** Relative MIP gap (default 1e-4). */
  readonly mipGap?: number;
}

export interface LpIrrigationPlan extends IrrigationPlan {
  readonly method: 'lp' | 'greedy';
  /** Set when the MILP gave no plan and the greedy rule was used instead. */
  readonly fallback?: string;
  readonly solve?: {
    readonly status: SolveResult['status'];
    readonly objective: number | null;
    readonly gap: number | null;
    readonly variables: number;
    readonly constraints: number;
    readonly binaries: number;
    readonly seconds: number;
    readonly stressPenalty: number;
    /** Re-plans made after soil-moisture readings corrected the modelled depletion. */
    readonly resolves: number;
  };
}

interface DayData {
  readonly etc: number;
  readonly rain: number;
  readonly raw: number;
}

/**
 * Plans irrigation with the MILP above; falls back to {@link planIrrigation} (the greedy rule) when
 * the solver returns no plan. Constraints are the greedy's: `minEventMm` (net, default 5),
 * `maxEventGrossMm`, `pumpCapacityM3PerDay`, `waterBudgetM3`.
 */
export async function planIrrigationLp(
  inputs: readonly IrrigationFieldInput[],
  constraints: IrrigationConstraints,
  solve: SolveFn,
  options: LpIrrigationOptions = {},
): Promise<LpIrrigationPlan> {
  const horizon = inputs[0]?.days.length ?? 0;
  for (const f of inputs)
    if (f.days.length !== horizon || f.days.some((d, i) => d.date !== inputs[0]?.days[i]?.date))
      throw new RangeError(`field ${f.field.id}: every field needs the same dates as the first`);
  // Receding horizon: plan from the start; where the replay meets a soil-moisture reading that
  // corrects the modelled depletion, keep the days before it and re-plan from it with the measured
  // state (as the farm would, on the day the reading arrives).
  const applied = inputs.map(() => new Array<number>(horizon).fill(0));
  let start = 0;
  let init = inputs.map((x) => x.initialDepletion ?? 0);
  let info: NonNullable<LpIrrigationPlan['solve']> | undefined;
  let resolves = 0;
  const handled = new Set<number>();
  for (;;) {
    const used = applied.reduce(
      (s, a, i) => s + a.slice(0, start).reduce((x, g) => x + g, 0) * inputs[i]!.field.areaHa * M3_PER_MM_HA,
      0,
    );
    const window = inputs.map((x, i) => ({ ...x, days: x.days.slice(start), initialDepletion: init[i]! }));
    const w = await solveWindow(
      window,
      {
        ...constraints,
        ...(constraints.waterBudgetM3 !== undefined
          ? { waterBudgetM3: Math.max(0, constraints.waterBudgetM3 - used) }
          : {}),
      },
      solve,
      options,
    );
    info = info
      ? { ...w.info, seconds: info.seconds + w.info.seconds, resolves: ++resolves }
      : { ...w.info, resolves };
    if (!w.applied) {
      const greedy = planIrrigation(inputs, constraints);
      return {
        ...greedy,
        method: 'greedy',
        fallback: `MILP gave no plan (${w.message}); greedy rule used`,
        solve: info,
      };
    }
    w.applied.forEach((a, i) => {
      a.forEach((g, t) => {
        applied[i]![start + t] = g;
      });
    });
    const plan = replay(inputs, applied, constraints);
    let next = -1;
    for (let t = start; t < horizon && next < 0; t++)
      if (!handled.has(t) && plan.fields.some((f) => f.days[t]?.moistureCorrection)) next = t;
    if (next < 0) return { ...plan, method: 'lp', solve: info };
    handled.add(next);
    start = next;
    init = plan.fields.map((f) => f.days[next]!.drStart);
  }
}

async function solveWindow(
  inputs: readonly IrrigationFieldInput[],
  constraints: IrrigationConstraints,
  solve: SolveFn,
  options: LpIrrigationOptions,
): Promise<{
  applied: number[][] | null;
  message: string;
  info: Omit<NonNullable<LpIrrigationPlan['solve']>, 'resolves'>;
}> {
  const horizon = inputs[0]?.days.length ?? 0;
  const minNet = constraints.minEventMm ?? 5;
  const m = new ModelBuilder('irrigation');
  const taw = inputs.map((f) => totalAvailableWater(f.field.thetaFc, f.field.thetaWp, f.field.rootDepthM));
  const eff = inputs.map((f) => f.field.applicationEfficiency ?? DEFAULT_APPLICATION_EFFICIENCY);
  const data: DayData[][] = inputs.map((input, i) =>
    input.days.map((day) => {
      const kc = kcOnDay(input.field.kc, Math.max(0, daysAfterPlanting(input.field.plantingDate, day.date)));
      const etc = kc * day.et0;
      return {
        etc,
        rain: effectiveRain(day.rain, input.field.curveNumber),
        raw: depletionFractionFor(input.field, etc) * taw[i]!,
      };
    }),
  );
  // λ must exceed the gross water one more mm of e could save through the stress term r.
  let bound = 0;
  data.forEach((days, i) => {
    for (const d of days) bound = Math.max(bound, d.etc / ((taw[i]! - d.raw) * eff[i]!));
  });
  const lambda = Math.max(options.stressPenalty ?? 5, 1.05 * bound + 1e-6);
  const eventCost = options.eventCost ?? 1;

  const objective = expr();
  const gross: Var[][] = [];
  const pumpByDay: LinExpr[] = Array.from({ length: horizon }, () => expr());
  const budget = expr();
  let binaries = 0;
  inputs.forEach((input, i) => {
    const perMm = input.field.areaHa * M3_PER_MM_HA;
    // Largest gross depth worth allowing: enough to refill TAW plus a day's ET.
    const maxGross = Math.min(
      constraints.maxEventGrossMm ?? Infinity,
      (taw[i]! + Math.max(...data[i]!.map((d) => d.etc), 0)) / eff[i]!,
    );
    const g: Var[] = [];
    let prev: LinExpr = expr(input.initialDepletion ?? 0);
    data[i]!.forEach((d, t) => {
      const gt = m.addVar(`g_${i}_${t}`, { upper: maxGross });
      const y = m.addVar(`y_${i}_${t}`, { binary: true });
      binaries++;
      const e = m.addVar(`e_${i}_${t}`);
      const dp = m.addVar(`dp_${i}_${t}`);
      const dt = m.addVar(`d_${i}_${t}`, { upper: taw[i]! });
      g.push(gt);
      m.addConstraint(`excess_${i}_${t}`, expr(e).sub(prev), '>=', -d.raw);
      const k = d.etc / (taw[i]! - d.raw); // r = k·e
      // D[t] − D[t−1] + eff·g + k·e − DP = ETc − P
      m.addConstraint(
        `balance_${i}_${t}`,
        expr(dt).sub(prev).add(gt, eff[i]!).add(e, k).sub(dp),
        '=',
        d.etc - d.rain,
      );
      // eff·g ≤ D[t−1] + ETc − k·e
      m.addConstraint(`fill_${i}_${t}`, expr().add(gt, eff[i]!).sub(prev).add(e, k), '<=', d.etc);
      m.addConstraint(`min_${i}_${t}`, expr(gt).scale(eff[i]!).sub(y, minNet), '>=', 0);
      m.addConstraint(`max_${i}_${t}`, expr(gt).sub(y, maxGross), '<=', 0);
      objective
        .add(gt, perMm)
        .add(e, lambda * perMm)
        .add(y, eventCost * input.field.areaHa);
      pumpByDay[t]!.add(gt, perMm);
      budget.add(gt, perMm);
      prev = expr(dt);
    });
    const last = data[i]!.at(-1);
    if (last) {
      const eEnd = m.addVar(`eend_${i}`);
      m.addConstraint(`excess_end_${i}`, expr(eEnd).sub(prev), '>=', -last.raw);
      objective.add(eEnd, lambda * perMm);
    }
    gross.push(g);
  });
  if (constraints.pumpCapacityM3PerDay !== undefined)
    pumpByDay.forEach((e, t) => {
      m.addConstraint(`pump_${t}`, e, '<=', constraints.pumpCapacityM3PerDay!);
    });
  if (constraints.waterBudgetM3 !== undefined)
    m.addConstraint('budget', budget, '<=', constraints.waterBudgetM3);
  m.minimize(objective);
  const program = m.build();
  const started = Date.now();
  const r = await solve(program, { timeLimit: options.timeLimit ?? 20, mipGap: options.mipGap ?? 1e-4 });
  const solveInfo = {
    status: r.status,
    objective: r.objective,
    gap: r.mip?.gap ?? null,
    variables: m.numVars,
    constraints: m.numConstraints,
    binaries,
    seconds: (Date.now() - started) / 1000,
    stressPenalty: lambda,
  };
  if (!r.hasSolution) return { applied: null, message: r.message, info: solveInfo };
  // Round to 0.01 mm so solver noise does not create tiny events.
  const applied = gross.map((g) =>
    g.map((v) => {
      const x = r.values[v.index] ?? 0;
      return x < 1e-6 ? 0 : Math.round(x * 100) / 100;
    }),
  );
  return { applied, message: r.message, info: solveInfo };
}

/** Runs the schedule through the exact FAO-56 balance and builds the plan record. */
export function replay(
  inputs: readonly IrrigationFieldInput[],
  applied: readonly (readonly number[])[],
  constraints: IrrigationConstraints,
): IrrigationPlan {
  const events: IrrigationEvent[] = [];
  const fields = inputs.map((input, i) => {
    const replayed = replayField(input, applied[i]!, constraints);
    replayed.days.forEach((d) => {
      if (d.irrigationGross > 0)
        events.push({
          date: d.date,
          fieldId: input.field.id,
          netMm: d.irrigationNet,
          grossMm: d.irrigationGross,
          volumeM3: d.irrigationGross * input.field.areaHa * M3_PER_MM_HA,
          reason: 'planned',
          drBeforeMm: d.drStart,
          rawMm: d.raw,
        });
    });
    return replayed;
  });
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { events, fields, totals: planTotals(events, constraints, [], 0) };
}
