/**
 * Stratified k-fold assignment: each class's examples are shuffled (seeded) and dealt round-robin,
 * so every fold holds each class in the proportion of the whole, as scikit-learn's StratifiedKFold.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fold (0…k-1) of each example. */
export function stratifiedFolds(y: readonly number[], k: number, seed = 1): number[] {
  const rand = mulberry32(seed);
  const byClass = new Map<number, number[]>();
  y.forEach((c, i) => {
    const l = byClass.get(c) ?? [];
    l.push(i);
    byClass.set(c, l);
  });
  const fold = new Array<number>(y.length).fill(0);
  let offset = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const idx = byClass.get(c)!;
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    // Continue the deal where the last class stopped, so small classes do not all land in fold 0.
    idx.forEach((e, i) => {
      fold[e] = (offset + i) % k;
    });
    offset = (offset + idx.length) % k;
  }
  return fold;
}
