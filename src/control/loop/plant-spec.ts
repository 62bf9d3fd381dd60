/**
 * A JSON description of the process a loop controls, so the server can rebuild its twin from the stored
 * loop configuration: the demo's oven or tank, or a linear model (FOPDT, SOPDT, integrating, transfer
 * function). `opScale` converts the loop's output units to the model's input (e.g. 0.01 turns a 0–100 %
 * heater output into the oven's 0–1 duty).
 *
 * `atOperatingPoint` re-expresses a (possibly nonlinear) plant in deviation variables around a steady
 * output, which is what the identification, relay and closed-loop routines expect: they start at rest
 * at zero input and zero output.
 */
import { z } from 'zod';
import { compact, XinzhiError } from '../../core/index.js';
import { linearPlant } from '../plants/linear-plant.js';
import type { PlantModel } from '../plants/plant.js';
import { TANK_DEFAULTS, type TankOptions, TankPlant } from '../plants/tank-plant.js';
import { THERMAL_DEFAULTS, type ThermalOptions, ThermalPlant } from '../plants/thermal-plant.js';

const optionalNumbers = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, z.number().optional()])) as Record<K, z.ZodOptional<z.ZodNumber>>;

/** A linear process as JSON (times in seconds); `linearPlant` checks the values. */
export const ProcessSpecSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fopdt'), gain: z.number(), tau: z.number(), deadTime: z.number() }),
  z.object({
    type: z.literal('sopdt'),
    gain: z.number(),
    tau1: z.number(),
    tau2: z.number(),
    deadTime: z.number(),
  }),
  z.object({ type: z.literal('integrating'), gain: z.number(), deadTime: z.number() }),
  z.object({
    type: z.literal('tf'),
    num: z.array(z.number()).meta({ description: 'Numerator coefficients, descending powers of s' }),
    den: z.array(z.number()).meta({ description: 'Denominator coefficients; degree(num) < degree(den)' }),
    deadTime: z.number().optional(),
  }),
]);

const opScale = z.number().optional().meta({ description: 'Model input per loop output unit; default 1' });

/** The plant of a loop's twin, as the API takes it and the loop's configuration stores it. */
export const PlantSpecSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('thermal'),
      ...optionalNumbers(Object.keys(THERMAL_DEFAULTS) as (keyof ThermalOptions)[]),
      opScale,
    }),
    z.object({
      kind: z.literal('tank'),
      ...optionalNumbers(Object.keys(TANK_DEFAULTS) as (keyof TankOptions)[]),
      opScale,
    }),
    z.object({ kind: z.literal('linear'), process: ProcessSpecSchema, opScale }),
  ])
  .meta({
    description:
      'Process model for the twin: the thermal (oven) or tank model with optional parameters, or {kind:"linear", process:{type:"fopdt",…}}',
  });
export type PlantSpec = z.output<typeof PlantSpecSchema>;

/** The model in the loop's output units. */
export function buildPlant(spec: PlantSpec): PlantModel {
  const scale = spec.opScale ?? 1;
  if (!Number.isFinite(scale) || scale === 0)
    throw new XinzhiError('BAD_INPUT', 'opScale must be a finite non-zero number', {
      field: 'plant.opScale',
    });
  let model: PlantModel;
  switch (spec.kind) {
    case 'thermal': {
      const { kind: _k, opScale: _s, ...o } = spec;
      model = new ThermalPlant(compact(o));
      break;
    }
    case 'tank': {
      const { kind: _k, opScale: _s, ...o } = spec;
      model = new TankPlant(compact(o));
      break;
    }
    case 'linear':
      model = linearPlant(spec.process);
      break;
    default:
      throw new XinzhiError('BAD_INPUT', `plant kind must be thermal, tank or linear`, {
        field: 'plant.kind',
      });
  }
  return scale === 1 ? model : scaled(model, scale);
}

function scaled(m: PlantModel, k: number): PlantModel {
  return {
    label: m.label,
    order: m.order,
    deadTime: m.deadTime,
    fastestTime: m.fastestTime,
    derivative: (x, u, out) => m.derivative(x, u * k, out),
    output: (x) => m.output(x),
    initialState: (u0) => m.initialState(u0 * k),
    ...(m.constrain ? { constrain: (x: Float64Array) => m.constrain?.(x) } : {}),
  };
}

/** The plant around the steady state for output `op0`: input and PV are deviations from (op0, pv0). */
export function atOperatingPoint(m: PlantModel, op0: number): { model: PlantModel; pv0: number } {
  const x0 = m.initialState(op0);
  const pv0 = m.output(x0);
  const model: PlantModel = {
    label: `${m.label} around OP ${op0}`,
    order: m.order,
    deadTime: m.deadTime,
    fastestTime: m.fastestTime,
    derivative: (x, u, out) => m.derivative(x, op0 + u, out),
    output: (x) => m.output(x) - pv0,
    initialState: (u) => m.initialState(op0 + u),
    ...(m.constrain ? { constrain: (x: Float64Array) => m.constrain?.(x) } : {}),
  };
  return { model, pv0 };
}
