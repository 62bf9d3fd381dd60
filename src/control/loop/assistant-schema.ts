import { z } from 'zod';

/**
 * The tuning assistant's result as it travels as JSON (the HTTP answer, the dashboard's type).
 * The engine's `AssistantResult` is assignable to it; the two are not one type because JSON has no
 * Infinity or NaN: an integral time of Infinity (no integral action) and a rise or settling time of
 * NaN (never reached) arrive as `null`, which is why those fields are nullable here only.
 */
// `X.nullable()` of a named schema would rename the null-accepting copy to X (zod-to-openapi
// copies the id), making X nullable everywhere in the document; a union with null keeps X as it is.
const orNull = <T extends z.ZodType>(s: T) => z.union([s, z.null()]);
const Series = z.array(z.number());
const NonFinite = z.number().nullable();

export const AssistantCurveSchema = z
  .object({ t: Series, pv: Series, op: Series, sp: Series })
  .meta({ id: 'AssistantCurve' });

export const SetpointMetricsSchema = z
  .object({
    iae: z.number(),
    ie: z.number(),
    ise: z.number(),
    itae: z.number(),
    overshoot: z.number().meta({ description: 'Percent of the step size, ≥ 0' }),
    peak: z.number(),
    peakTime: z.number(),
    riseTime: NonFinite.meta({ description: 'Seconds from 10 % to 90 %; null if never reached' }),
    settlingTime: NonFinite.meta({ description: 'Seconds from the step; null if not settled' }),
  })
  .meta({ id: 'SetpointMetrics' });

const TuningTriple = z.object({ kc: z.number(), ti: NonFinite, td: z.number() });

const ComparisonSideSchema = z.object({
  tuning: TuningTriple,
  metrics: orNull(SetpointMetricsSchema),
  curve: AssistantCurveSchema,
});

export const AssistantResultSchema = z
  .object({
    test: z.enum(['step', 'relay']),
    op0: z.number(),
    pv0: z.number(),
    record: z.object({ t: Series, op: Series, pv: Series }).meta({ description: 'OP and PV against time' }),
    model: z
      .object({
        gain: z.number(),
        tau: z.number(),
        deadTime: z.number(),
        y0: z.number(),
        fitRmse: z.number(),
        method: z.enum(['least-squares', 'smith', 'sundaresan-krishnaswamy']),
      })
      .nullable()
      .meta({ description: 'Step test: the fitted FOPDT' }),
    ultimate: z
      .object({ ku: z.number(), pu: z.number(), amplitude: z.number() })
      .nullable()
      .meta({ description: 'Relay test: ultimate gain and period' }),
    proposed: z.object({
      rule: z.string(),
      type: z.enum(['P', 'PI', 'PID']),
      kc: z.number(),
      ti: NonFinite.meta({ description: 'Ideal-form integral time (s); null for none' }),
      td: z.number(),
      form: z.literal('ideal'),
      series: TuningTriple.optional(),
      tauC: z.number().optional(),
    }),
    comparison: z.object({
      setpointStep: z.number(),
      duration: z.number(),
      current: ComparisonSideSchema,
      proposed: ComparisonSideSchema,
    }),
  })
  .meta({ id: 'AssistantResult' });

export type AssistantResultJson = z.infer<typeof AssistantResultSchema>;
