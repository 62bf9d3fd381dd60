import { z } from 'zod';

/**
 * Inputs and outputs of delivery planning, written once as schemas: the domain's types are
 * inferred from them and the HTTP API answers with them (`id` names each in the OpenAPI document
 * the dashboard's client is generated from). Times are UTC milliseconds, distances kilometres.
 * Request validation (ranges, limits) stays with the adapters that read untrusted input.
 */
export const PlaceSchema = z.object({ lat: z.number(), lon: z.number() });

export const OrderSchema = PlaceSchema.extend({
  id: z.string(),
  demand: z.number().meta({ description: 'Quantity in the vans’ capacity unit' }),
  window: z
    .tuple([z.number(), z.number()])
    .optional()
    .meta({ description: 'Delivery window [from, to] in UTC ms (default: the shift)' }),
  serviceMin: z.number().optional().meta({ description: 'Minutes spent at the stop (default 5)' }),
});

export const VanSchema = z.object({
  id: z.string(),
  capacity: z.number(),
  shiftStart: z.number(),
  shiftEnd: z.number(),
});

export const DeliveryProblemSchema = z
  .object({
    depot: PlaceSchema,
    orders: z.array(OrderSchema),
    vans: z.array(VanSchema),
    speedKmh: z.number().optional().meta({ description: 'Average road speed, km/h (default 40)' }),
    costPerKm: z.number().optional().meta({ description: 'Cost per km driven (default 1)' }),
    roadFactor: z
      .number()
      .optional()
      .meta({ description: 'Factor from great-circle to road distance (default 1.3)' }),
  })
  .meta({ id: 'DeliveryProblem' });

export const StopSchema = z.object({
  orderId: z.string(),
  arrival: z.number(),
  start: z.number(),
  departure: z.number(),
  loadAfter: z.number().meta({ description: 'Load still on board after this stop' }),
});

export const VanRouteSchema = z
  .object({
    vanId: z.string(),
    stops: z.array(StopSchema),
    departure: z.number(),
    returnAt: z.number(),
    load: z.number(),
    distanceKm: z.number(),
    cost: z.number(),
  })
  .meta({ id: 'DeliveryRoute' });

export const DeliveryPlanSchema = z
  .object({
    routes: z.array(VanRouteSchema),
    distanceKm: z.number(),
    cost: z.number(),
    feasible: z.boolean().meta({ description: 'Every window, capacity and shift respected (checked)' }),
    violations: z.array(z.string()),
  })
  .meta({ id: 'DeliveryPlan' });

export type Place = z.infer<typeof PlaceSchema>;
export type Order = z.infer<typeof OrderSchema>;
export type Van = z.infer<typeof VanSchema>;
export type DeliveryProblem = z.infer<typeof DeliveryProblemSchema>;
export type Stop = z.infer<typeof StopSchema>;
export type VanRoute = z.infer<typeof VanRouteSchema>;
export type DeliveryPlan = z.infer<typeof DeliveryPlanSchema>;
