/**
 * The one seeded pseudo-random generator of xinzhi: the demo, the engines' reproducible training
 * and simulation, tests, benches and evals all draw from it. Hand-written on purpose: mulberry32 is
 * eight lines, and owning it keeps every seeded output (the demo's messages, a trained model, a
 * simulation's figures) byte-identical across library upgrades, which the determinism tests rely
 * on. No dependency is needed for it.
 *
 * Every device draws from its own stream (`fork(label)`), so adding a device or changing one
 * device's sampling never shifts the numbers another device sees.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in (0, 1): safe for logarithms. */
  open(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Standard normal (Box–Muller), scaled: mean + sd·N(0, 1). */
  normal(mean?: number, sd?: number): number;
  /** Exponential with the given mean. */
  exp(mean: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  /** An independent stream derived from this seed and a label. */
  fork(label: string): Rng;
}

/** FNV-1a over the label, mixed with the seed: a stable 32-bit seed per stream. */
function mixSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32) so nearby labels give unrelated streams.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A mulberry32 generator (Tommy Ettinger's constants; period 2^32, passes gjrand's tests at this
 * size), which is plenty for noise and event timing.
 *
 * @example const rng = createRng(42); rng.normal(20, 0.5);
 */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  let spare: number | undefined;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    open: () => {
      let u = next();
      while (u === 0) u = next();
      return u;
    },
    range: (lo, hi) => lo + (hi - lo) * next(),
    normal: (mean = 0, sd = 1) => {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return mean + sd * z;
      }
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return mean + sd * r * Math.cos(2 * Math.PI * v);
    },
    exp: (mean) => -mean * Math.log(1 - next()),
    chance: (p) => next() < p,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    fork: (label) => createRng(mixSeed(seed, label)),
  };
  return rng;
}
