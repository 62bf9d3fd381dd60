/**
 * HGS population management (Vidal 2012): a feasible and an infeasible subpopulation, each kept
 * between μ and μ + λ; biased fitness = cost rank + (1 − elite/size) · diversity rank, diversity
 * being the mean broken-pairs distance to the `nbClose` closest; survivors drop clones first,
 * then the worst biased fitness; parents by binary tournament.
 */
import type { Individual } from './individual.js';
import type { HgsOptions } from './options.js';
import type { Rng } from './rng.js';

export class Population {
  readonly feasible: Individual[] = [];
  readonly infeasible: Individual[] = [];

  constructor(
    private readonly opts: HgsOptions,
    private readonly rng: Rng,
  ) {}

  add(ind: Individual): void {
    const sub = ind.feasible ? this.feasible : this.infeasible;
    for (const o of sub) {
      const d = ind.brokenPairs(o);
      insertProx(o, d, ind);
      insertProx(ind, d, o);
    }
    let p = sub.length;
    while (p > 0 && sub[p - 1]!.cost > ind.cost) p--;
    sub.splice(p, 0, ind);
    if (sub.length >= this.opts.mu + this.opts.lambda)
      while (sub.length > this.opts.mu) this.removeWorst(sub);
  }

  clear(): void {
    this.feasible.length = 0;
    this.infeasible.length = 0;
  }

  /** After a penalty change the infeasible costs move: reprice and re-sort. */
  reprice(wQ: number, wT: number): void {
    for (const ind of this.infeasible) ind.reprice(wQ, wT);
    this.infeasible.sort((a, b) => a.cost - b.cost);
  }

  select(): Individual {
    this.updateBiased(this.feasible);
    this.updateBiased(this.infeasible);
    const total = this.feasible.length + this.infeasible.length;
    const pick = (): Individual => {
      const k = this.rng.int(total);
      return k < this.feasible.length ? this.feasible[k]! : this.infeasible[k - this.feasible.length]!;
    };
    const a = pick();
    const b = pick();
    return a.biased < b.biased ? a : b;
  }

  get size(): number {
    return this.feasible.length + this.infeasible.length;
  }

  private diversity(ind: Individual): number {
    const k = Math.min(this.opts.nbClose, ind.prox.length);
    if (k === 0) return 0;
    let s = 0;
    for (let i = 0; i < k; i++) s += ind.prox[i]!.d;
    return s / k;
  }

  private updateBiased(sub: Individual[]): void {
    const n = sub.length;
    if (n === 0) return;
    if (n === 1) {
      sub[0]!.biased = 0;
      return;
    }
    const div = sub.map((ind, i) => ({ i, d: this.diversity(ind) }));
    div.sort((a, b) => b.d - a.d);
    const weight = 1 - this.opts.nbElite / n;
    for (let r = 0; r < n; r++) {
      const e = div[r]!;
      const fitRank = e.i / (n - 1);
      const divRank = r / (n - 1);
      sub[e.i]!.biased = fitRank + weight * divRank;
    }
  }

  private removeWorst(sub: Individual[]): void {
    this.updateBiased(sub);
    let worst = -1;
    let worstClone = false;
    let worstFit = -1;
    for (let i = 1; i < sub.length; i++) {
      const ind = sub[i]!;
      const clone = ind.prox.length > 0 && ind.prox[0]!.d < 1e-9;
      if ((clone && !worstClone) || (clone === worstClone && ind.biased > worstFit)) {
        worst = i;
        worstClone = clone;
        worstFit = ind.biased;
      }
    }
    if (worst < 0) return;
    const [gone] = sub.splice(worst, 1);
    for (const o of sub) {
      const k = o.prox.findIndex((p) => p.ind === gone);
      if (k >= 0) o.prox.splice(k, 1);
    }
  }
}

function insertProx(ind: Individual, d: number, other: Individual): void {
  const list = ind.prox;
  let p = list.length;
  while (p > 0 && list[p - 1]!.d > d) p--;
  list.splice(p, 0, { d, ind: other });
}
