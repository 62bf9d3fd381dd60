/**
 * The queueing calculator behind `GET /api/v1/queueing` and `xinzhi queue`: the metrics of one
 * model (M/M/1, M/M/c, M/M/c/K, Erlang B, Kingman's G/G/1) from the rates and sizes given. Every
 * metric a model has is returned (M/M/c/K also its state distribution `p`); each adapter shows the
 * ones its users have always seen. A missing parameter is reported through `missing`, so the
 * error names the adapter's field (a query field or a CLI flag).
 *
 * @example
 * queueMetrics('mmc', { arrivalRate: 2, serviceRate: 1, servers: 3 }, missingField('mmc'));
 */
import { erlangB, kingmanWq, mm1, mmc, mmck, serviceLevel } from '../../optimize/index.js';

export const QUEUE_MODELS = ['mm1', 'mmc', 'mmck', 'erlang-b', 'kingman'] as const;
export type QueueModel = (typeof QUEUE_MODELS)[number];

export interface QueueParams {
  readonly arrivalRate?: number | undefined;
  readonly serviceRate?: number | undefined;
  readonly servers?: number | undefined;
  readonly capacity?: number | undefined;
  /** Erlang B: the offered load, instead of the two rates. */
  readonly offeredLoad?: number | undefined;
  readonly ca2?: number | undefined;
  readonly cs2?: number | undefined;
  /** M/M/c: the answer time of the service level, in the time unit of the rates. */
  readonly answerTime?: number | undefined;
}

/** The error for a parameter the model needs but was not given. */
export type MissingParam = (param: keyof QueueParams) => Error;

export type QueueResult = Record<string, number | readonly number[]>;

export function queueMetrics(model: QueueModel, p: QueueParams, missing: MissingParam): QueueResult {
  const need = (k: keyof QueueParams): number => {
    const v = p[k];
    if (v === undefined) throw missing(k);
    return v;
  };
  const lam = () => need('arrivalRate');
  const mu = () => need('serviceRate');
  const c = () => need('servers');
  switch (model) {
    case 'mm1':
      return { ...mm1(lam(), mu()) };
    case 'mmc': {
      const m = mmc(lam(), mu(), c());
      return {
        ...m,
        asa: m.Wq,
        ...(p.answerTime === undefined ? {} : { serviceLevel: serviceLevel(lam(), mu(), c(), p.answerTime) }),
      };
    }
    case 'mmck':
      return { ...mmck(lam(), mu(), c(), need('capacity')) };
    case 'erlang-b': {
      const A = p.offeredLoad ?? lam() / mu();
      const servers = c();
      const blocking = erlangB(A, servers);
      return {
        A,
        servers,
        blocking,
        carriedLoad: A * (1 - blocking),
        occupancy: (A * (1 - blocking)) / servers,
      };
    }
    case 'kingman': {
      const l = lam();
      const rate = mu();
      const rho = l / rate;
      const ca2 = need('ca2');
      const cs2 = need('cs2');
      const Wq = kingmanWq(rho, ca2, cs2, 1 / rate);
      return { rho, ca2, cs2, Wq, W: Wq + 1 / rate, Lq: l * Wq };
    }
  }
}

/** The named metrics of a result, in that order (those the model has). */
export function pickMetrics(r: QueueResult, keys: readonly string[]): QueueResult {
  const out: QueueResult = {};
  for (const k of keys) if (r[k] !== undefined) out[k] = r[k];
  return out;
}

/** A result without the named metrics, the others in their order. */
export function omitMetrics(r: QueueResult, keys: readonly string[]): QueueResult {
  return Object.fromEntries(Object.entries(r).filter(([k]) => !keys.includes(k)));
}
