import { createRng } from '../../core/index.js';
import type { CmapssEngine } from './cmapss.js';

/**
 * Validation by engine, as `benchmarks/cmapss/splits.json` defines it: units with
 * unit % 5 == 0 are validation engines (20 %), the rest train; no engine is in both. Validation
 * engines are scored as test engines are, at seeded random truncation points.
 */
export function splitByEngine(
  engines: readonly CmapssEngine[],
  isValidation: (unit: number) => boolean = (u) => u % 5 === 0,
): { train: CmapssEngine[]; valid: CmapssEngine[] } {
  const train = engines.filter((e) => !isValidation(e.unit));
  const valid = engines.filter((e) => isValidation(e.unit));
  return { train, valid };
}

/**
 * Seeded truncation points (0-based row indices) of one validation engine: `count` cycles drawn
 * uniformly between `minHistory` cycles and the last-but-one, as the test files cut engines
 * somewhere before failure.
 */
export function truncationRows(e: CmapssEngine, count: number, seed: number, minHistory = 30): number[] {
  const n = e.cycles.length;
  const lo = Math.min(minHistory, n - 1) - 1;
  const hi = n - 2;
  const rnd = createRng(seed * 7919 + e.unit).next;
  const out = new Set<number>();
  for (let k = 0; k < count * 4 && out.size < count; k++)
    out.add(lo + Math.floor(rnd() * Math.max(1, hi - lo + 1)));
  return [...out].sort((a, b) => a - b);
}
