/**
 * `npm run bench -- routing`: speed of the routing engine's building blocks on X-n351-k40.
 * - Split: Vidal's linear Split against the Bellman Split (O(n·B)) on the same random giant
 *   tours, same optimal costs; goal: the linear one is faster.
 * - HGS: iterations per second with and without SWAP* (informational: SWAP* costs time per
 *   iteration and buys quality, see the cvrp evaluation).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchmarkPath } from '../eval/lib/benchmarks.js';
import { parseVrp, solveHgs } from '../src/optimize/routing/index.js';
import { Rng } from '../src/optimize/routing/rng.js';
import { Splitter } from '../src/optimize/routing/split.js';
import { type BenchRow, printRows } from './lib/table.js';

export async function run(args: string[]): Promise<void> {
  const dir = benchmarkPath('cvrp');
  if (!dir) {
    console.error('cvrp benchmark not found: expected ../shared/benchmarks/cvrp or $XINZHI_BENCHMARKS/cvrp');
    process.exitCode = 2;
    return;
  }
  const p = parseVrp(readFileSync(join(dir, 'X', 'X-n351-k40.vrp'), 'utf8'));
  if (!p.ok) throw new Error('cannot read X-n351-k40');
  const inst = p.value.instance;
  // A huge but finite duration limit sends the Splitter down its Bellman path with equal costs.
  const bellmanInst = { ...inst, maxDuration: 1e15 };
  const n = inst.size - 1;
  const R = n;
  const rng = new Rng(7);
  const tours = Array.from({ length: 200 }, () => {
    const t = Int32Array.from({ length: n }, (_, i) => i + 1);
    rng.shuffle(t);
    return t;
  });
  const ends = new Int32Array(R);
  const time = (sp: Splitter): { ms: number; total: number } => {
    let total = 0;
    const t0 = performance.now();
    for (let rep = 0; rep < 5; rep++)
      for (const t of tours) {
        const k = sp.split(t, 10, 1, ends);
        total += splitCost(t, k);
      }
    return { ms: (performance.now() - t0) / (5 * tours.length), total };
  };
  const splitCost = (t: Int32Array, k: number): number => {
    let c = 0;
    let p0 = 0;
    for (let r = 0; r < k; r++) {
      let last = 0;
      let load = 0;
      for (let q = p0; q < ends[r]!; q++) {
        c += inst.dist[last * inst.size + t[q]!]!;
        load += inst.demand[t[q]!]!;
        last = t[q]!;
      }
      c += inst.dist[last * inst.size]! + 10 * Math.max(0, load - inst.capacity);
      p0 = ends[r]!;
    }
    return c;
  };
  const lin = time(new Splitter(inst, R));
  const bel = time(new Splitter(bellmanInst, R));
  const itRate = (swapStar: boolean): number => {
    const r = solveHgs(inst, { timeLimitS: 5, seed: 1, swapStar });
    return r.stats.iterations / r.stats.timeS;
  };
  const withSwap = itRate(true);
  const without = itRate(false);
  const rows: BenchRow[] = [
    {
      name: 'linear Split, X-n351 giant tour',
      value: lin.ms * 1000,
      unit: 'µs',
      baseline: { name: 'Bellman Split', value: bel.ms * 1000 },
      ratio: bel.ms / lin.ms,
      goal: 'faster than Bellman (ratio > 1×)',
      pass: bel.ms > lin.ms,
      notes: `total penalised cost over ${5 * tours.length} splits: linear ${lin.total}, Bellman ${bel.total} (Bellman caps routes at 1.5·Q, so it can only be higher)`,
    },
    {
      name: 'HGS iterations, X-n351, SWAP* on',
      value: withSwap,
      unit: 'it/s',
      baseline: { name: 'SWAP* off', value: without },
      ratio: withSwap / without,
      goal: 'informational',
      pass: true,
    },
  ];
  printRows('Routing engine (X-n351-k40, one core)', rows, args);
}
