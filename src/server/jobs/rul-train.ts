/**
 * The `rul-train` job: `xinzhi rul train` for an uploaded file. Training runs in a worker thread
 * (analytics/rul/train-in-worker.ts), so the node keeps heart-beating the job; the run is tracked
 * in the registry of the submitter's organisation (the store given is the scoped one) through
 * analytics/runs `trainTracked`, as `xinzhi rul train` is, and with `register` the model is
 * registered and put in production.
 */
import { createHash } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { trainInWorker } from '../../analytics/rul/index.js';
import { trainTracked } from '../../analytics/runs/index.js';
import { XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import type { JobHandler } from './queue.js';

const positive = z.coerce.number().positive();

export const RulTrainInput = z
  .object({
    name: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: 'File name (a .csv name reads CSV) and the run name', example: 'pumps.csv' }),
    format: z.enum(['cmapss', 'csv']).optional(),
    unitColumn: z.string().max(200).optional(),
    cycleColumn: z.string().max(200).optional(),
    sensors: z
      .string()
      .max(20_000)
      .optional()
      .openapi({ description: 'CSV: comma-separated sensor columns' }),
    cap: positive.optional(),
    rounds: z.coerce.number().int().min(1).max(5000).optional(),
    seed: z.coerce.number().int().optional(),
    register: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/)
      .optional()
      .openapi({ description: 'Register the model under this name and put it in production' }),
    contentType: z.string().max(200).optional(),
  })
  .strict()
  .openapi('RulTrainJobInput');

export function rulTrainHandler(store: Store): JobHandler {
  return async (raw, ctx) => {
    const input = RulTrainInput.parse(raw);
    const bytes = await ctx.payload();
    if (!bytes || bytes.length === 0)
      throw new XinzhiError('BAD_INPUT', 'the upload is empty: send the run-to-failure file as the body', {
        field: '(body)',
      });
    const fileName = input.name ?? (input.format === 'csv' ? 'upload.csv' : 'upload.txt');
    const options = {
      ...(input.format ? { format: input.format } : {}),
      ...(input.unitColumn ? { unitColumn: input.unitColumn } : {}),
      ...(input.cycleColumn ? { cycleColumn: input.cycleColumn } : {}),
      ...(input.sensors
        ? {
            sensors: input.sensors
              .split(',')
              .map((x) => x.trim())
              .filter((x) => x !== ''),
          }
        : {}),
      ...(input.cap === undefined ? {} : { cap: input.cap }),
      ...(input.rounds === undefined ? {} : { rounds: input.rounds }),
      ...(input.seed === undefined ? {} : { seed: input.seed }),
    };
    const {
      record: rec,
      trained,
      registered,
    } = await trainTracked(
      store,
      {
        kind: 'rul',
        name: fileName,
        config: { ...options, job: ctx.job.id },
        data: { fingerprint: createHash('sha256').update(bytes).digest('hex'), source: fileName },
        register: input.register,
      },
      async (run) => {
        const t0 = performance.now();
        const trained = await trainInWorker(bytes.toString('utf8'), fileName, options, {
          signal: ctx.signal,
          onRound: (p) => {
            const half = p.rounds > 0 ? p.round / p.rounds / 2 : 0;
            ctx.progress(
              p.phase === 'validate' ? half : 0.5 + half,
              `${p.phase} round ${p.round}/${p.rounds}`,
            );
            if (p.phase === 'validate')
              run.log(p.round, {
                train_rmse: p.trainRmse,
                ...(p.validRmse === undefined ? {} : { valid_rmse: p.validRmse }),
              });
            else run.log(p.round, { refit_train_rmse: p.trainRmse });
          },
        });
        const { result } = trained;
        return {
          ...trained,
          evaluation: {
            validRmse: result.validation.rmse,
            validMae: result.validation.mae,
            bandCoverage: result.validation.coverage,
            validEngines: result.validation.engines,
            bestRound: result.validation.bestRound,
            trainSeconds: (performance.now() - t0) / 1000,
          },
          model: result.model,
        };
      },
    );
    const { result } = trained;
    return {
      runId: rec.id,
      format: trained.format,
      units: trained.units,
      rows: trained.rows,
      cap: result.model.cap,
      ...(trained.columns ? { columns: trained.columns, ignoredColumns: trained.ignored ?? [] } : {}),
      validRmse: result.validation.rmse,
      validEngines: result.validation.engines,
      bandCoverage: result.validation.coverage,
      bestRound: result.validation.bestRound,
      ...(registered ? { registered } : {}),
    };
  };
}
