import { XinzhiError } from '../../core/index.js';
import { DOC_NAMESPACES, type Store } from '../../store/index.js';
import { registryCollection } from './run-collections.js';
import type { ModelVersion, RegisteredModel } from './run-schemas.js';
import { getRun, getRunModel } from './runs.js';

/**
 * The model registry: named models with numbered versions (each pointing at the run that trained
 * it), the version in production, and the history of promotions so a rollback restores the
 * previous one. One document per model name in the collection `runs.registry`.
 */
export const REGISTRY_NS = DOC_NAMESPACES.runsRegistry;

export type { ModelVersion, RegisteredModel } from './run-schemas.js';

const empty = (name: string): RegisteredModel => ({ name, versions: [], production: null, history: [] });

function checkName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/.test(name))
    throw new XinzhiError(
      'BAD_INPUT',
      `model name must be 1-128 letters, digits, '.', '_', '/', '-': '${name}'`,
      {
        field: 'name',
      },
    );
}

export async function getRegisteredModel(store: Store, name: string): Promise<RegisteredModel> {
  checkName(name);
  const m = await registryCollection.get(store, name);
  if (!m) throw new XinzhiError('NOT_FOUND', `no registered model '${name}'`, { field: 'name' });
  return m;
}

export async function listRegisteredModels(store: Store): Promise<RegisteredModel[]> {
  return (await registryCollection.list(store)).map((d) => d.doc);
}

/** Adds the model of a finished run as the next version of `name`. */
export async function registerModel(
  store: Store,
  name: string,
  runId: string,
  opts: { note?: string; now?: number } = {},
): Promise<ModelVersion> {
  checkName(name);
  const run = await getRun(store, runId);
  if (run.status !== 'finished' || !run.hasModel)
    throw new XinzhiError(
      'CONFLICT',
      `run '${runId}' is ${run.status} and ${run.hasModel ? 'has' : 'has no'} model`,
      {
        field: 'runId',
      },
    );
  const cur = (await registryCollection.get(store, name)) ?? empty(name);
  const v: ModelVersion = {
    version: (cur.versions[cur.versions.length - 1]?.version ?? 0) + 1,
    runId,
    createdAt: opts.now ?? Date.now(),
    evaluation: run.evaluation,
    ...(opts.note === undefined ? {} : { note: opts.note }),
  };
  await registryCollection.put(store, name, { ...cur, versions: [...cur.versions, v] });
  return v;
}

/** Puts a version in production. */
export async function promoteModel(
  store: Store,
  name: string,
  version: number,
  now = Date.now(),
): Promise<RegisteredModel> {
  const cur = await getRegisteredModel(store, name);
  if (!cur.versions.some((v) => v.version === version))
    throw new XinzhiError('NOT_FOUND', `model '${name}' has no version ${version}`, { field: 'version' });
  if (cur.production === version) return cur;
  const next: RegisteredModel = {
    ...cur,
    production: version,
    history: [...cur.history, { version, at: now }],
  };
  await registryCollection.put(store, name, next);
  return next;
}

/** Restores the version that was in production before the current one. */
export async function rollbackModel(store: Store, name: string, now = Date.now()): Promise<RegisteredModel> {
  const cur = await getRegisteredModel(store, name);
  const prev = [...cur.history].reverse().find((h) => h.version !== cur.production);
  if (!prev)
    throw new XinzhiError('CONFLICT', `model '${name}' has no earlier production version to roll back to`, {
      field: 'name',
    });
  const next: RegisteredModel = {
    ...cur,
    production: prev.version,
    history: [...cur.history, { version: prev.version, at: now }],
  };
  await registryCollection.put(store, name, next);
  return next;
}

/** The model in production for `name`, with its version and run. */
export async function productionModel<T = unknown>(
  store: Store,
  name: string,
): Promise<{ version: number; runId: string; model: T }> {
  const cur = await getRegisteredModel(store, name);
  const v = cur.versions.find((x) => x.version === cur.production);
  if (!v)
    throw new XinzhiError('NOT_FOUND', `model '${name}' has no version in production`, { field: 'name' });
  return { version: v.version, runId: v.runId, model: await getRunModel<T>(store, v.runId) };
}
