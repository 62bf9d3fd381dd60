import { createRng, type Rng, XinzhiError } from '../../core/index.js';
import { positive, whole } from './check.js';

/** A distribution of inter-arrival or service times, by its mean (and shape where it has one). */
export type Distribution =
  | { readonly kind: 'exponential'; readonly mean: number }
  | { readonly kind: 'deterministic'; readonly mean: number }
  | { readonly kind: 'erlang'; readonly mean: number; readonly k: number }
  | { readonly kind: 'lognormal'; readonly mean: number; readonly cv: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number };

/** Mean and squared coefficient of variation of a distribution (the inputs of Kingman's formula). */
export function moments(d: Distribution): { mean: number; cv2: number } {
  switch (d.kind) {
    case 'exponential':
      return { mean: d.mean, cv2: 1 };
    case 'deterministic':
      return { mean: d.mean, cv2: 0 };
    case 'erlang':
      return { mean: d.mean, cv2: 1 / d.k };
    case 'lognormal':
      return { mean: d.mean, cv2: d.cv * d.cv };
    case 'uniform': {
      const mean = (d.min + d.max) / 2;
      return { mean, cv2: (d.max - d.min) ** 2 / 12 / (mean * mean) };
    }
  }
}

function sampler(d: Distribution, rng: Rng, field: string): () => number {
  switch (d.kind) {
    case 'exponential':
      positive(`${field}.mean`, d.mean);
      return () => -d.mean * Math.log(rng.open());
    case 'deterministic':
      positive(`${field}.mean`, d.mean);
      return () => d.mean;
    case 'erlang': {
      positive(`${field}.mean`, d.mean);
      whole(`${field}.k`, d.k);
      const scale = d.mean / d.k;
      return () => {
        let p = 1;
        for (let i = 0; i < d.k; i++) p *= rng.open();
        return -scale * Math.log(p);
      };
    }
    case 'lognormal': {
      positive(`${field}.mean`, d.mean);
      positive(`${field}.cv`, d.cv);
      const s2 = Math.log(1 + d.cv * d.cv);
      const mu = Math.log(d.mean) - s2 / 2;
      const s = Math.sqrt(s2);
      return () => Math.exp(mu + s * rng.normal());
    }
    case 'uniform':
      positive(`${field}.min`, d.min, true);
      if (!(d.max > d.min))
        throw new XinzhiError('BAD_INPUT', `${field}.max must exceed ${field}.min`, {
          field: `${field}.max`,
        });
      return () => d.min + (d.max - d.min) * rng.next();
    default:
      throw new XinzhiError('BAD_INPUT', `unknown distribution kind`, { field: `${field}.kind` });
  }
}

export interface SimulationInput {
  readonly interarrival: Distribution;
  readonly service: Distribution;
  readonly servers: number;
  /** Room in the system in all (queue + service); arrivals beyond it are lost. Default unlimited. */
  readonly capacity?: number;
  /** Customers simulated after the warm-up. Default 200 000. */
  readonly customers?: number;
  /** Customers discarded at the start so the empty initial state does not bias results. Default 10 % of `customers`. */
  readonly warmup?: number;
  /** Seed of the random generator; equal seeds give equal results. Default 1. */
  readonly seed?: number;
  /** Compute the fraction waiting at most this long (a service level). */
  readonly answerTime?: number;
}

export interface SimulationResult {
  readonly customers: number;
  readonly Wq: number;
  /** Half-width of a 95 % confidence interval on Wq (20 batch means). */
  readonly WqHalfWidth: number;
  readonly W: number;
  readonly Lq: number;
  readonly L: number;
  readonly Pwait: number;
  readonly blocking: number;
  readonly utilisation: number;
  readonly serviceLevel: number | null;
}

/** Binary min-heap of numbers. */
class MinHeap {
  private readonly a: number[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): number {
    return this.a[0] ?? Number.POSITIVE_INFINITY;
  }
  push(v: number): void {
    const a = this.a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((a[p] ?? 0) <= v) break;
      a[i] = a[p] ?? 0;
      i = p;
    }
    a[i] = v;
  }
  pop(): number {
    const a = this.a;
    const top = a[0] ?? Number.POSITIVE_INFINITY;
    const last = a.pop() ?? 0;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const m = r < a.length && (a[r] ?? 0) < (a[l] ?? 0) ? r : l;
        if ((a[m] ?? 0) >= last) break;
        a[i] = a[m] ?? 0;
        i = m;
      }
      a[i] = last;
    }
    return top;
  }
}

/**
 * Seeded discrete-event simulation of a first-come-first-served G/G/c(/K) queue: checks the closed
 * forms and answers what they cannot (general service times, several servers with non-exponential
 * service, finite rooms). Each arrival starts service when the earliest server frees; a heap of
 * departure times gives the number in the system for the capacity check.
 *
 * @example
 *   simulateQueue({ interarrival: { kind: 'exponential', mean: 1 }, service: { kind: 'deterministic', mean: 0.9 }, servers: 1 })
 */
export function simulateQueue(input: SimulationInput): SimulationResult {
  const c = whole('servers', input.servers);
  const K = input.capacity === undefined ? Number.POSITIVE_INFINITY : whole('capacity', input.capacity, c);
  const n = whole('customers', input.customers ?? 200_000);
  const warm = whole('warmup', input.warmup ?? Math.floor(n / 10), 0);
  const rng = createRng(input.seed ?? 1);
  const nextArrival = sampler(input.interarrival, rng, 'interarrival');
  const nextService = sampler(input.service, rng, 'service');
  const free = new MinHeap();
  for (let i = 0; i < c; i++) free.push(0);
  const inSystem = new MinHeap();
  let t = 0;
  let count = 0;
  let blocked = 0;
  let waited = 0;
  let withinTarget = 0;
  let sumWq = 0;
  let sumW = 0;
  let busy = 0;
  let startT = 0;
  const batches = 20;
  const batchSize = Math.max(1, Math.floor(n / batches));
  const batchSums: number[] = [];
  let batchSum = 0;
  let batchCount = 0;
  for (let i = 0; i < n + warm; i++) {
    t += nextArrival();
    while (inSystem.size > 0 && inSystem.peek() <= t) inSystem.pop();
    const measuring = i >= warm;
    if (i === warm) startT = t;
    if (inSystem.size >= K) {
      if (measuring) {
        blocked++;
        count++;
      }
      continue;
    }
    const start = Math.max(t, free.pop());
    const s = nextService();
    free.push(start + s);
    inSystem.push(start + s);
    if (!measuring) continue;
    count++;
    const wq = start - t;
    sumWq += wq;
    sumW += wq + s;
    busy += s;
    if (wq > 0) waited++;
    if (input.answerTime !== undefined && wq <= input.answerTime) withinTarget++;
    batchSum += wq;
    batchCount++;
    if (batchCount === batchSize) {
      batchSums.push(batchSum / batchCount);
      batchSum = 0;
      batchCount = 0;
    }
  }
  const served = count - blocked;
  const span = t - startT;
  const Wq = served > 0 ? sumWq / served : 0;
  const W = served > 0 ? sumW / served : 0;
  const lamEff = span > 0 ? served / span : 0;
  const bm = batchSums.reduce((a, b) => a + b, 0) / Math.max(1, batchSums.length);
  const variance = batchSums.reduce((a, b) => a + (b - bm) ** 2, 0) / Math.max(1, batchSums.length - 1);
  return {
    customers: count,
    Wq,
    // t(0.975, 19) = 2.093
    WqHalfWidth: 2.093 * Math.sqrt(variance / Math.max(1, batchSums.length)),
    W,
    Lq: lamEff * Wq,
    L: lamEff * W,
    Pwait: served > 0 ? waited / served : 0,
    blocking: count > 0 ? blocked / count : 0,
    utilisation: span > 0 ? busy / (c * span) : 0,
    serviceLevel: input.answerTime === undefined || served === 0 ? null : withinTarget / served,
  };
}
