/**
 * A collaboration case's answer: the coalition table and each allocation side by side, and for
 * every partner a sentence in English and Chinese saying what it pays (or receives), what it
 * saves (or gains) against going alone, and whether any group of partners would do better alone.
 */
import { games } from '../../optimize/index.js';

import type { AllocationMethod, CaseAllocation, CaseResult, CoalitionRow } from './case-result-schema.js';

export type { AllocationMethod, CaseAllocation, CaseResult, CoalitionRow } from './case-result-schema.js';

const money = (currency: string, x: number): string =>
  `${x < 0 ? '−' : ''}${currency}${Math.abs(x).toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

interface ExactInput {
  readonly game: games.Game;
  readonly solution: games.GameSolution;
  /** More allocations in the game's own terms (the Owen set's point). */
  readonly extra?: readonly { method: AllocationMethod; shares: Record<string, number> }[];
}
interface SampledInput {
  readonly sampled: {
    players: string[];
    total: number;
    shapley: Record<string, number>;
    standardError: Record<string, number>;
    samples: number;
  };
}

export function explainAllocation(
  input: (ExactInput | SampledInput) & {
    title: string;
    kind: games.GameKind;
    currency: string;
    alone: Record<string, number>;
    method: 'exact' | 'sampled';
    note: string;
  },
): CaseResult {
  const cost = input.kind === 'cost';
  const gainOf = (p: string, share: number) =>
    cost ? (input.alone[p] ?? 0) - share : share - (input.alone[p] ?? 0);
  const allocations: CaseAllocation[] = [];
  let coalitions: CoalitionRow[] = [];
  let players: string[];
  let total: number;
  let coreEmpty: boolean | null = null;
  let eps: number | null = null;
  if ('game' in input) {
    const g = input.game;
    const s = input.solution;
    players = [...g.players];
    const n = players.length;
    const full = (1 << n) - 1;
    total = games.ownValue(g, full);
    coreEmpty = s.coreEmpty;
    eps = s.leastCoreEpsilon;
    const methods: { method: AllocationMethod; shares: Record<string, number> }[] = [
      { method: 'shapley', shares: { ...s.shapley } },
      { method: 'nucleolus', shares: { ...s.nucleolus } },
      ...(input.extra ?? []),
    ];
    const tol = s.tolerance;
    coalitions = [];
    for (let m = 1; m <= full; m++) {
      const idx = games.members(m, n);
      const shares: Partial<Record<AllocationMethod, number>> = {};
      for (const a of methods)
        shares[a.method] = idx.reduce((sum, i) => sum + (a.shares[players[i]!] ?? 0), 0);
      coalitions.push({
        coalition: games.coalitionName(g, m),
        size: idx.length,
        value: games.ownValue(g, m),
        shares,
      });
    }
    for (const a of methods) {
      let worst: { coalition: string; by: number } | null = null;
      for (const row of coalitions) {
        if (row.size === n) continue;
        const x = row.shares[a.method] ?? 0;
        const by = cost ? x - row.value : row.value - x;
        if (by > tol && (worst === null || by > worst.by)) worst = { coalition: row.coalition, by };
      }
      allocations.push({
        method: a.method,
        shares: a.shares,
        gains: Object.fromEntries(players.map((p) => [p, gainOf(p, a.shares[p] ?? 0)])),
        in_core: worst === null,
        blocked_by: worst,
      });
    }
  } else {
    players = input.sampled.players;
    total = input.sampled.total;
    allocations.push({
      method: 'shapley',
      shares: input.sampled.shapley,
      gains: Object.fromEntries(players.map((p) => [p, gainOf(p, input.sampled.shapley[p] ?? 0)])),
      in_core: null,
      blocked_by: null,
      standard_error: input.sampled.standardError,
    });
  }
  const en: string[] = [];
  const zh: string[] = [];
  const c = input.currency;
  for (const a of allocations) {
    const name = { shapley: 'Shapley value', nucleolus: 'nucleolus', owen: 'Owen (shadow prices)' }[a.method];
    const nameZh = { shapley: 'Shapley 值', nucleolus: '核仁', owen: 'Owen 分配（影子价格）' }[a.method];
    const tailEn =
      a.in_core === null
        ? 'whether some group would do better alone is not known (not every coalition was routed)'
        : a.in_core
          ? 'no group of partners would do better on its own'
          : `but ${a.blocked_by!.coalition} would ${cost ? 'pay' : 'make'} ${money(c, a.blocked_by!.by)} ${cost ? 'less' : 'more'} on its own`;
    const tailZh =
      a.in_core === null
        ? '未计算所有组合，无法判断是否有伙伴组合单干更好'
        : a.in_core
          ? '没有任何伙伴组合单干能做得更好'
          : `但 ${a.blocked_by!.coalition} 单干可${cost ? '少付' : '多得'} ${money(c, a.blocked_by!.by)}`;
    for (const p of players) {
      const x = a.shares[p] ?? 0;
      const gain = a.gains[p] ?? 0;
      const se = a.standard_error?.[p];
      const err = se === undefined ? '' : ` (± ${money(c, 1.96 * se)} at 95 %)`;
      const errZh = se === undefined ? '' : `（95% 置信 ± ${money(c, 1.96 * se)}）`;
      en.push(
        cost
          ? `${name}: ${p} pays ${money(c, x)}${err}, saving ${money(c, gain)} against going alone; ${tailEn}.`
          : `${name}: ${p} receives ${money(c, x)}${err}, ${money(c, gain)} more than going alone; ${tailEn}.`,
      );
      zh.push(
        cost
          ? `${nameZh}：${p} 支付 ${money(c, x)}${errZh}，比单干节省 ${money(c, gain)}；${tailZh}。`
          : `${nameZh}：${p} 分得 ${money(c, x)}${errZh}，比单干多得 ${money(c, gain)}；${tailZh}。`,
      );
    }
  }
  return {
    title: input.title,
    kind: input.kind,
    currency: c,
    method: input.method,
    note: input.note,
    players,
    total,
    alone: input.alone,
    coalitions,
    allocations,
    core_empty: coreEmpty,
    least_core_epsilon: eps,
    sentences: { en, zh },
  };
}
