/**
 * One training, tracked: the run is started in the registry, the caller's training logs to it,
 * a failure marks the run failed (and is rethrown), success records the evaluation, model and
 * artefacts, and with `register` the model is registered and put in production. `xinzhi rul train`,
 * `xinzhi nlp train` and the `rul-train` job all train through here, so a run means the same
 * whichever adapter started it.
 *
 * @example
 * const t = await trainTracked(store, { kind: 'rul', config, data }, async (run) => {
 *   const r = await train(data, { onRound: (p) => run.log(p.round, { rmse: p.rmse }) });
 *   return { evaluation: { rmse: r.rmse }, model: r.model };
 * });
 */
import { createHash } from 'node:crypto';
import type { Store } from '../../store/index.js';
import { promoteModel, registerModel } from './registry.js';
import { type RunArtefact, type RunHandle, type RunRecord, type StartRunInput, startRun } from './runs.js';

/** What a training gives back to be recorded; adapters may carry more fields for their answer. */
export interface TrainingOutcome {
  readonly evaluation: Record<string, unknown>;
  readonly model: unknown;
  readonly artefacts?: RunArtefact[];
}

export interface TrackedTraining<T extends TrainingOutcome> {
  readonly record: RunRecord;
  readonly trained: T;
  /** Set when `register` was given: the registered version, now in production. */
  readonly registered?: { name: string; version: number };
}

export async function trainTracked<T extends TrainingOutcome>(
  store: Store,
  input: StartRunInput & { readonly register?: string | undefined },
  train: (run: RunHandle) => Promise<T>,
): Promise<TrackedTraining<T>> {
  const { register, ...start } = input;
  const run = await startRun(store, start);
  let trained: T;
  try {
    trained = await train(run);
  } catch (e) {
    await run.fail(e);
    throw e;
  }
  const record = await run.finish({
    evaluation: trained.evaluation,
    model: trained.model,
    ...(trained.artefacts ? { artefacts: trained.artefacts } : {}),
  });
  if (!register) return { record, trained };
  const v = await registerModel(store, register, record.id);
  await promoteModel(store, register, v.version);
  return { record, trained, registered: { name: register, version: v.version } };
}

/** The artefact entry of a model written as `json` to `path`. */
export function modelArtefact(name: string, path: string, json: string): RunArtefact {
  return {
    name,
    kind: 'model',
    bytes: Buffer.byteLength(json),
    sha256: createHash('sha256').update(json).digest('hex'),
    path,
  };
}
