/**
 * Everything `xinzhi game solve` reports for one game: Shapley value, nucleolus, whether the core
 * is empty and the least-core ε, all in the game's own terms (cost shares for a cost game), and on
 * request a line per coalition saying what it is worth, what each allocation gives it, its excess
 * and whether it would do better on its own (blocks).
 */
import { coalitionName, type Game, members, ownValue } from './game.js';
import { type LpSolve, leastCore, nucleolus } from './nucleolus.js';
import { shapleyExact } from './shapley.js';

export interface CoalitionLine {
  readonly coalition: string;
  readonly size: number;
  /** v(S): its worth (profit) or its stand-alone cost. */
  readonly value: number;
  /** What the allocation gives it: Σ of its members' shares. */
  readonly shapley: number;
  readonly nucleolus: number;
  /** What it would gain by leaving: v(S) − x(S) for profit, x(S) − c(S) for cost. > 0 blocks. */
  readonly shapleyExcess: number;
  readonly nucleolusExcess: number;
  readonly shapleyBlocks: boolean;
  readonly nucleolusBlocks: boolean;
}

export interface GameSolution {
  readonly players: readonly string[];
  readonly kind: Game['kind'];
  readonly shapley: Readonly<Record<string, number>>;
  readonly nucleolus: Readonly<Record<string, number>>;
  readonly coreEmpty: boolean;
  readonly leastCoreEpsilon: number;
  /** The imputation set was empty, so `nucleolus` is the pre-nucleolus. */
  readonly prenucleolus: boolean;
  /** Nucleolus LP rounds solved. */
  readonly rounds: number;
  /** Tolerance under which an excess or ε counts as zero. */
  readonly tolerance: number;
  readonly coalitions?: readonly CoalitionLine[];
}

/**
 * Keeps ten significant digits relative to the game's scale: the LP answers to about 1e−9, and
 * 33.333333333333336 reads worse than 33.3333333333 without being more true.
 */
const tidy = (x: number, scale: number): number => {
  const digits = Math.max(0, Math.min(100, 10 - Math.floor(Math.log10(scale))));
  return Number(x.toFixed(digits)) + 0;
};

export async function solveGame(
  g: Game,
  solve: LpSolve,
  opts: { explain?: boolean } = {},
): Promise<GameSolution> {
  const n = g.players.length;
  const sign = g.kind === 'cost' ? -1 : 1;
  let scale = 0;
  for (const x of g.v) scale = Math.max(scale, Math.abs(x));
  if (scale === 0) scale = 1;
  const tolerance = 1e-7 * scale;
  const phi = shapleyExact(g);
  const nuc = await nucleolus(g, solve);
  const levels = nuc.levels;
  // When the core is non-empty the first nucleolus round is the least-core LP (the individual
  // bounds x_i ≥ v(i) are implied by t ≥ 0); otherwise solve it without those bounds.
  const first = levels[0];
  const epsilon =
    first !== undefined && first >= -tolerance && !nuc.prenucleolus
      ? -first
      : (await leastCore(g, solve)).epsilon;
  const eps = Math.abs(epsilon) <= tolerance ? 0 : tidy(epsilon, scale);
  const share = (x: ArrayLike<number>, exact: boolean): Record<string, number> =>
    Object.fromEntries(
      g.players.map((p, i) => {
        const y = sign * (x[i] ?? 0);
        return [p, exact ? y + 0 : tidy(y, scale)];
      }),
    );
  const out: GameSolution = {
    players: g.players,
    kind: g.kind,
    shapley: share(phi, true),
    nucleolus: share(nuc.x, false),
    coreEmpty: eps > 0,
    leastCoreEpsilon: eps,
    prenucleolus: nuc.prenucleolus,
    rounds: levels.length,
    tolerance,
  };
  if (!opts.explain) return out;
  const lines: CoalitionLine[] = [];
  const full = (1 << n) - 1;
  for (let m = 1; m <= full; m++) {
    const idx = members(m, n);
    const sum = (x: ArrayLike<number>): number => idx.reduce((s, i) => s + sign * (x[i] ?? 0), 0);
    const value = ownValue(g, m);
    const xs = sum(phi);
    const xn = sum(nuc.x);
    const excess = (x: number): number => (g.kind === 'cost' ? x - value : value - x);
    const es = excess(xs);
    const en = excess(xn);
    lines.push({
      coalition: coalitionName(g, m),
      size: idx.length,
      value,
      shapley: tidy(xs, scale),
      nucleolus: tidy(xn, scale),
      shapleyExcess: tidy(es, scale),
      nucleolusExcess: tidy(en, scale),
      shapleyBlocks: m !== full && es > tolerance,
      nucleolusBlocks: m !== full && en > tolerance,
    });
  }
  // Most aggrieved first: the coalitions that decide stability lead.
  lines.sort((a, b) => b.nucleolusExcess - a.nucleolusExcess || a.size - b.size);
  return { ...out, coalitions: lines };
}

/** The `--json` contract of `xinzhi game solve`: exactly these four keys. */
export const contractJson = (s: GameSolution) => ({
  shapley: s.shapley,
  nucleolus: s.nucleolus,
  core_empty: s.coreEmpty,
  least_core_epsilon: s.leastCoreEpsilon,
});
