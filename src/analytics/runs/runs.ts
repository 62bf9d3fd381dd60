import { XinzhiError } from '../../core/index.js';
import { DOC_NAMESPACES, type Store } from '../../store/index.js';
import { runCollection, runModelCollection } from './run-collections.js';
import type { RunArtefact, RunComparison, RunRecord, RunSummary } from './run-schemas.js';

/**
 * Tracked training runs, kept in the collections `runs.records` (one document per run) and
 * `runs.models` (the model, apart so listing runs stays light). A run records what was trained
 * (kind, config), on what (a SHA-256 fingerprint of the inputs), how it went (per-step scalar
 * metrics, as TensorBoard scalars), and what came out (final evaluation, artefacts, the model).
 */
export const RUNS_NS = DOC_NAMESPACES.runsRecords;
export const RUN_MODELS_NS = DOC_NAMESPACES.runsModels;

export type { RunArtefact, RunRecord, RunStatus, RunSummary } from './run-schemas.js';

export interface RunHandle {
  readonly id: string;
  /** Buffers scalars at a step; written to the store at most every `flushMs` and at the end. */
  log(step: number, scalars: Record<string, number>): void;
  flush(): Promise<void>;
  finish(result: {
    evaluation: Record<string, unknown>;
    model?: unknown;
    artefacts?: RunArtefact[];
  }): Promise<RunRecord>;
  fail(error: unknown): Promise<RunRecord>;
}

export interface StartRunInput {
  readonly kind: string;
  readonly name?: string;
  readonly config: Record<string, unknown>;
  readonly data: RunRecord['data'];
  /** Milliseconds between metric writes while running. Default 2000. */
  readonly flushMs?: number;
  readonly now?: () => number;
}

/** A sortable, unique run id: `run-<UTC time>-<random>`. */
function newRunId(now: number): string {
  const t = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `run-${t}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function startRun(store: Store, input: StartRunInput): Promise<RunHandle> {
  const now = input.now ?? Date.now;
  const flushMs = input.flushMs ?? 2000;
  let rec: RunRecord = {
    id: newRunId(now()),
    kind: input.kind,
    name: input.name ?? input.kind,
    status: 'running',
    startedAt: now(),
    finishedAt: null,
    config: input.config,
    data: input.data,
    metrics: {},
    evaluation: {},
    artefacts: [],
    hasModel: false,
  };
  await runCollection.put(store, rec.id, rec);
  let dirty = false;
  let lastFlush = now();
  let pending: Promise<void> = Promise.resolve();
  const flush = async (): Promise<void> => {
    await pending;
    if (!dirty) return;
    dirty = false;
    lastFlush = now();
    await runCollection.put(store, rec.id, rec);
  };
  return {
    id: rec.id,
    log(step, scalars) {
      for (const [k, v] of Object.entries(scalars)) {
        if (!Number.isFinite(v)) continue;
        const list = rec.metrics[k] ?? [];
        list.push([step, v]);
        rec.metrics[k] = list;
      }
      dirty = true;
      if (now() - lastFlush >= flushMs) pending = flush();
    },
    flush,
    async finish({ evaluation, model, artefacts }) {
      await pending;
      if (model !== undefined) await runModelCollection.put(store, rec.id, model);
      rec = {
        ...rec,
        status: 'finished',
        finishedAt: now(),
        evaluation,
        artefacts: [...rec.artefacts, ...(artefacts ?? [])],
        hasModel: model !== undefined,
      };
      await runCollection.put(store, rec.id, rec);
      return rec;
    },
    async fail(error) {
      await pending;
      rec = {
        ...rec,
        status: 'failed',
        finishedAt: now(),
        error: error instanceof Error ? error.message : String(error),
      };
      await runCollection.put(store, rec.id, rec);
      return rec;
    },
  };
}

/** Runs, newest first, without their metric series (use `getRun` for those). */
export async function listRuns(
  store: Store,
  filter: { kind?: string; limit?: number } = {},
): Promise<RunSummary[]> {
  const docs = await runCollection.list(store);
  return docs
    .map((d) => d.doc)
    .filter((r) => filter.kind === undefined || r.kind === filter.kind)
    .sort((a, b) => b.startedAt - a.startedAt || b.id.localeCompare(a.id))
    .slice(0, filter.limit ?? Number.POSITIVE_INFINITY)
    .map(({ metrics, ...r }) => ({ ...r, metricNames: Object.keys(metrics) }));
}

export async function getRun(store: Store, id: string): Promise<RunRecord> {
  const r = await runCollection.get(store, id);
  if (!r) throw new XinzhiError('NOT_FOUND', `no run '${id}'`, { field: 'id' });
  return r;
}

export async function getRunModel<T = unknown>(store: Store, id: string): Promise<T> {
  const m = (await runModelCollection.get(store, id)) as T | undefined;
  if (m === undefined) throw new XinzhiError('NOT_FOUND', `run '${id}' has no stored model`, { field: 'id' });
  return m;
}

/** Side-by-side final evaluation of several runs (the dashboard's run comparison). */
export async function compareRuns(store: Store, ids: readonly string[]): Promise<RunComparison[]> {
  const out = [];
  for (const id of ids) {
    const r = await getRun(store, id);
    out.push({ id: r.id, name: r.name, evaluation: r.evaluation, config: r.config });
  }
  return out;
}
