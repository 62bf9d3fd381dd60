/**
 * The field description `xinzhi agri irrigate <field.json>` reads: site, fields (crop, soil, root
 * depth, area, state), shared daily weather (ET0 given or computed by FAO-56 from raw columns),
 * optional soil-moisture readings, pump and budget, and the fixed calendar to compare with.
 * Later, `--field <id>` will build the same object from the store's sensors.
 */
import { z } from 'zod';
import { compact, fail, type Issue, issuesFromZod, ok, type Result } from '../../core/index.js';
import { CROPS, findCrop } from './crop/crops.js';
import { adjustKcEndForClimate, adjustKcForClimate } from './crop/kc-adjust.js';
import { findSoilTexture } from './crop/soils.js';
import { type DailyWeather, et0Daily } from './et0/et0-daily.js';
import { compareMethods, type MethodRow } from './irrigation/compare-methods.js';
import {
  type CalendarComparison,
  compareWithCalendar,
  type FixedCalendar,
} from './irrigation/fixed-calendar.js';
import {
  type IrrigationConstraints,
  type IrrigationFieldInput,
  type IrrigationPlan,
  planIrrigation,
} from './irrigation/plan-irrigation.js';
import { type LpIrrigationPlan, planIrrigationLp } from './irrigation/plan-irrigation-lp.js';
import type { SolveFn } from './solve-fn.js';
import type { Field } from './water/field.js';
import { depletionFromMoisture } from './water/root-zone.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const num = z.number().finite();
const pos = num.positive();

const cropSchema = z.union([
  z.string(),
  z.object({
    stageDays: z.tuple([pos, pos, pos, pos]),
    kcIni: pos,
    kcMid: pos,
    kcEnd: pos,
    p: num.min(0.05).max(0.95),
    heightM: pos.optional(),
  }),
]);
const soilSchema = z.union([
  z.string(),
  z.object({ thetaFc: num.gt(0).lt(1), thetaWp: num.gte(0).lt(1) }).refine((s) => s.thetaFc > s.thetaWp, {
    message: 'thetaFc must exceed thetaWp',
  }),
]);

export const irrigationRequestSchema = z.object({
  site: z.object({ latitude: num.min(-90).max(90), elevation: num.min(-500).max(9000) }).optional(),
  fields: z
    .array(
      z.object({
        id: z.string().min(1),
        areaHa: pos,
        crop: cropSchema,
        plantingDate: isoDate,
        soil: soilSchema,
        rootDepthM: pos.max(5).optional(),
        initialDepletionMm: num.min(0).optional(),
        applicationEfficiency: num.gt(0).max(1).optional(),
        curveNumber: num.min(1).max(100).optional(),
        adjustP: z.boolean().optional(),
        climate: z.object({ u2: num.min(0), rhMin: num.min(0).max(100) }).optional(),
        soilMoisture: z.array(z.object({ date: isoDate, theta: num.min(0).max(1) })).optional(),
      }),
    )
    .min(1),
  weather: z
    .array(
      z
        .object({
          date: isoDate,
          rain: num.min(0).optional(),
          et0: num.min(0).optional(),
          tMax: num.optional(),
          tMin: num.optional(),
          tDew: num.optional(),
          rhMax: num.min(0).max(100).optional(),
          rhMin: num.min(0).max(100).optional(),
          rhMean: num.min(0).max(100).optional(),
          ea: num.min(0).optional(),
          rs: num.min(0).optional(),
          sunshineHours: num.min(0).optional(),
          u2: num.min(0).optional(),
          windSpeed: num.min(0).optional(),
          windHeight: pos.optional(),
        })
        .refine((w) => w.et0 !== undefined || (w.tMax !== undefined && w.tMin !== undefined), {
          message: 'give et0, or tMax and tMin to compute it',
        }),
    )
    .min(1),
  constraints: z
    .object({
      pumpCapacityM3PerDay: pos.optional(),
      waterBudgetM3: num.min(0).optional(),
      minEventMm: num.min(0).optional(),
      maxEventGrossMm: pos.optional(),
      leaveForRainMm: num.min(0).optional(),
      lookAhead: z.boolean().optional(),
      moistureToleranceMm: num.min(0).optional(),
    })
    .optional(),
  calendar: z.object({ intervalDays: z.number().int().min(1), grossMm: num.min(0) }).optional(),
  lp: z
    .object({
      stressPenalty: num.min(0).optional(),
      eventCost: num.min(0).optional(),
      timeLimit: pos.optional(),
      mipGap: num.min(0).optional(),
    })
    .optional(),
});

export type IrrigationRequest = z.infer<typeof irrigationRequestSchema>;

export interface IrrigationResult {
  readonly horizon: { readonly from: string; readonly to: string; readonly days: number };
  readonly et0: readonly {
    readonly date: string;
    readonly et0: number;
    readonly estimated: readonly string[];
  }[];
  readonly method: 'lp' | 'greedy';
  readonly plan: IrrigationPlan;
  /** Set when the LP was asked for and gave no plan. */
  readonly fallback?: string;
  readonly solve?: LpIrrigationPlan['solve'];
  readonly comparison?: CalendarComparison;
  /** The plan, the other method and the calendar (if given) on the same weather. */
  readonly methods: readonly MethodRow[];
}

/** Validates the request and resolves crop and soil names; every problem is listed with its JSON path. */
export function resolveIrrigationRequest(
  json: unknown,
): Result<{ inputs: IrrigationFieldInput[]; request: IrrigationRequest; et0: IrrigationResult['et0'] }> {
  const parsed = irrigationRequestSchema.safeParse(json);
  if (!parsed.success) return fail(...issuesFromZod(parsed.error, { code: 'BAD_INPUT', root: '(root)' }));
  const req = parsed.data;
  const issues: Issue[] = [];
  const needsSite = req.weather.some((w) => w.et0 === undefined);
  if (needsSite && !req.site)
    issues.push({
      code: 'BAD_INPUT',
      message: 'site (latitude, elevation) is needed to compute et0',
      where: 'site',
    });
  const dates = req.weather.map((w) => w.date);
  dates.forEach((d, i) => {
    if (i > 0 && d <= dates[i - 1]!)
      issues.push({
        code: 'BAD_INPUT',
        message: `dates must increase (${d} after ${dates[i - 1]})`,
        where: `weather.${i}.date`,
      });
  });
  const et0: { date: string; et0: number; estimated: readonly string[] }[] = [];
  if (issues.length === 0)
    req.weather.forEach((w, i) => {
      if (w.et0 !== undefined) et0.push({ date: w.date, et0: w.et0, estimated: [] });
      else {
        try {
          const { rain: _rain, et0: _et0, ...day } = w;
          const r = et0Daily(
            { latitudeDeg: req.site!.latitude, elevationM: req.site!.elevation },
            { ...(day as DailyWeather), tMax: w.tMax!, tMin: w.tMin! },
          );
          et0.push({ date: w.date, et0: r.et0, estimated: r.estimated });
        } catch (e) {
          issues.push({ code: 'BAD_INPUT', message: (e as Error).message, where: `weather.${i}` });
        }
      }
    });
  const inputs: IrrigationFieldInput[] = [];
  req.fields.forEach((f, i) => {
    const at = `fields.${i}`;
    const crop = typeof f.crop === 'string' ? findCrop(f.crop) : undefined;
    if (typeof f.crop === 'string' && !crop) {
      issues.push({
        code: 'BAD_INPUT',
        message: `unknown crop '${f.crop}' (known: ${CROPS.map((c) => c.id).join(', ')})`,
        where: `${at}.crop`,
      });
      return;
    }
    const soil = typeof f.soil === 'string' ? findSoilTexture(f.soil) : f.soil;
    if (!soil) {
      issues.push({
        code: 'BAD_INPUT',
        message: `unknown soil texture '${String(f.soil)}'`,
        where: `${at}.soil`,
      });
      return;
    }
    const c = crop ?? (f.crop as Exclude<typeof f.crop, string>);
    const heightM = c.heightM ?? 1;
    let kcMid = c.kcMid;
    let kcEnd = c.kcEnd;
    if (f.climate) {
      kcMid = adjustKcForClimate(kcMid, f.climate.u2, f.climate.rhMin, heightM);
      kcEnd = adjustKcEndForClimate(kcEnd, f.climate.u2, f.climate.rhMin, heightM);
    }
    const rootDepthM = f.rootDepthM ?? crop?.rootDepthM[0];
    if (rootDepthM === undefined) {
      issues.push({
        code: 'BAD_INPUT',
        message: 'rootDepthM is required for a custom crop',
        where: `${at}.rootDepthM`,
      });
      return;
    }
    const field: Field = {
      id: f.id,
      areaHa: f.areaHa,
      plantingDate: f.plantingDate,
      kc: { stageDays: c.stageDays, kcIni: c.kcIni, kcMid, kcEnd },
      p: c.p,
      thetaFc: soil.thetaFc,
      thetaWp: soil.thetaWp,
      rootDepthM,
      ...(f.adjustP !== undefined ? { adjustP: f.adjustP } : {}),
      ...(f.curveNumber !== undefined ? { curveNumber: f.curveNumber } : {}),
      ...(f.applicationEfficiency !== undefined ? { applicationEfficiency: f.applicationEfficiency } : {}),
    };
    const readings = new Map((f.soilMoisture ?? []).map((r) => [r.date, r.theta]));
    // A reading before the horizon sets the starting depletion (the latest one wins).
    const before = (f.soilMoisture ?? [])
      .filter((r) => r.date < (dates[0] ?? ''))
      .sort((a, b) => (a.date < b.date ? -1 : 1));
    const last = before.at(-1);
    const initialDepletion =
      f.initialDepletionMm ??
      (last ? depletionFromMoisture(last.theta, field.thetaFc, field.thetaWp, rootDepthM) : undefined);
    inputs.push({
      field,
      days: req.weather.map((w, t) => {
        const theta = readings.get(w.date);
        return {
          date: w.date,
          et0: et0[t]?.et0 ?? 0,
          rain: w.rain ?? 0,
          ...(theta !== undefined ? { theta } : {}),
        };
      }),
      ...(initialDepletion !== undefined ? { initialDepletion } : {}),
    });
  });
  return issues.length > 0 ? fail(...issues) : ok({ inputs, request: req, et0 });
}

/**
 * Plans the next `days` days (default: all weather given) with the MILP (`method: 'lp'`, default;
 * needs `solve`) or the greedy rule, compares with the calendar if one is given, and with the other
 * method when the LP is used.
 */
export async function runIrrigationRequest(
  json: unknown,
  opts: {
    readonly days?: number;
    readonly method?: 'lp' | 'greedy';
    readonly solve?: SolveFn;
  } = {},
): Promise<Result<IrrigationResult>> {
  const resolved = resolveIrrigationRequest(json);
  if (!resolved.ok) return resolved;
  const { request, et0 } = resolved.value;
  const n = Math.min(opts.days ?? Infinity, request.weather.length);
  const inputs = resolved.value.inputs.map((x) => ({ ...x, days: x.days.slice(0, n) }));
  const constraints = (request.constraints ?? {}) as IrrigationConstraints;
  const calendar = request.calendar as FixedCalendar | undefined;
  const greedy = planIrrigation(inputs, constraints);
  const method = opts.method ?? 'lp';
  let chosen: IrrigationPlan = greedy;
  let lp: LpIrrigationPlan | undefined;
  if (method === 'lp') {
    if (!opts.solve) throw new RangeError('method lp needs a solve function');
    lp = await planIrrigationLp(inputs, constraints, opts.solve, compact(request.lp ?? {}));
    chosen = lp;
  }
  const plans =
    lp && lp.method === 'lp'
      ? [
          { method: 'lp', plan: lp as IrrigationPlan },
          { method: 'greedy', plan: greedy },
        ]
      : [{ method: 'greedy', plan: greedy }];
  return ok({
    horizon: { from: inputs[0]!.days[0]!.date, to: inputs[0]!.days[n - 1]!.date, days: n },
    et0: et0.slice(0, n),
    method: lp?.method ?? 'greedy',
    plan: chosen,
    ...(lp?.fallback ? { fallback: lp.fallback } : {}),
    ...(lp?.solve ? { solve: lp.solve } : {}),
    ...(calendar ? { comparison: compareWithCalendar(inputs, chosen, calendar) } : {}),
    methods: compareMethods(inputs, plans, calendar),
  });
}
