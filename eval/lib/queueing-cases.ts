/**
 * Runs the reference cases of `benchmarks/queueing/cases.json` through xinzhi's queueing module.
 * Each expected number is compared at 1e-9 relative, or at its printed precision when the case
 * prints fewer digits (for example Erlang-B table values such as 1.3608).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  erlangB,
  erlangBCapacity,
  kingmanWq,
  mm1,
  mmc,
  mmck,
  serviceLevel,
  staffServers,
  withShrinkage,
} from '../../src/optimize/index.js';

type Expected = number | { readonly value: number; readonly exact?: string };
interface Case {
  readonly id: string;
  readonly model: string;
  readonly inputs: Readonly<Record<string, number>>;
  readonly expected: Readonly<Record<string, Expected | readonly Expected[]>>;
  readonly published?: Readonly<Record<string, number | string>>;
}

export interface CaseCheck {
  readonly id: string;
  readonly metric: string;
  readonly expected: number;
  readonly actual: number;
  readonly relError: number;
  readonly tolerance: number;
  readonly pass: boolean;
}

const expectedValue = (e: Expected): number => (typeof e === 'number' ? e : e.value);

/**
 * Relative tolerance: 1e-9. A plain reference value (no exact fraction) printed with 5 to 14
 * significant digits is a rounded figure (12-digit staffing values, Erlang-B table loads such as
 * 1.3608): it is met at half a unit of its last digit when that is looser than 1e-9. Short values
 * like 0.5 or 4.25 are exact and keep 1e-9.
 */
function toleranceFor(e: Expected, base = 1e-9): number {
  if (typeof e !== 'number') return base;
  const v = e;
  if (v === 0 || Number.isInteger(v)) return base;
  const digits = String(v)
    .replace(/e.*$/, '')
    .replace(/^-?0*\.?0*/, '')
    .replace('.', '').length;
  if (digits <= 4 || digits >= 15) return base;
  const exponent = Math.floor(Math.log10(Math.abs(v)));
  return Math.max(base, (0.5 * 10 ** (exponent - digits + 1)) / Math.abs(v));
}

function compute(c: Case): Record<string, number | number[]> {
  const i = c.inputs;
  const n = (k: string): number => i[k] ?? Number.NaN;
  if (c.model === 'M/M/1') {
    const m = mm1(n('arrival_rate'), n('service_rate'));
    return { ...m, P_n_ge_3: m.rho ** 3 };
  }
  if (c.model.startsWith('M/M/c (Erlang C)')) {
    const m = mmc(n('arrival_rate'), n('service_rate'), n('servers'));
    const out: Record<string, number> = { ...m };
    if (i['target_answer_time'] !== undefined)
      out['SL'] = serviceLevel(n('arrival_rate'), n('service_rate'), n('servers'), n('target_answer_time'));
    return out;
  }
  if (c.model.startsWith('M/M/c staffing')) {
    const l = n('arrival_rate');
    const mu = n('service_rate');
    if (i['service_level_target'] !== undefined) {
      const t = n('target_answer_time');
      const s = staffServers({
        arrivalRate: l,
        serviceRate: mu,
        serviceLevel: n('service_level_target'),
        answerTime: t,
      });
      return {
        servers: s.servers,
        service_level_at_c: s.serviceLevel ?? Number.NaN,
        service_level_at_c_minus_1: serviceLevel(l, mu, s.servers - 1, t),
        Pwait_at_c: s.Pwait,
        ASA_at_c: s.asa,
        occupancy_at_c: s.occupancy,
      };
    }
    const s = staffServers({ arrivalRate: l, serviceRate: mu, maxAsa: n('asa_target') });
    return { servers: s.servers, ASA_at_c: s.asa, ASA_at_c_minus_1: mmc(l, mu, s.servers - 1).Wq };
  }
  if (c.model.startsWith('Erlang B inverse'))
    return { offered_load_erlang: erlangBCapacity(n('servers'), n('blocking')) };
  if (c.model.startsWith('Erlang B')) {
    const a = n('offered_load_erlang');
    const b = erlangB(a, n('servers'));
    return { blocking: b, carried_load: a * (1 - b), occupancy: (a * (1 - b)) / n('servers') };
  }
  if (c.model.startsWith('G/G/1 Kingman'))
    return { Wq: kingmanWq(n('rho'), n('ca2'), n('cs2'), n('mean_service_time')) };
  if (/^M\/M\/\d+\/\d+/.test(c.model)) {
    const m = mmck(n('arrival_rate'), n('service_rate'), n('servers'), n('capacity_K'));
    return { ...m, p: [...m.p] };
  }
  throw new Error(`case ${c.id}: model '${c.model}' is not handled`);
}

/** Every metric of every case, compared. */
export function checkQueueingCases(dir: string): CaseCheck[] {
  const doc = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { cases: Case[] };
  const out: CaseCheck[] = [];
  const push = (id: string, metric: string, expected: number, actual: number, tol: number): void => {
    const relError = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
    out.push({ id, metric, expected, actual, relError, tolerance: tol, pass: relError <= tol });
  };
  for (const c of doc.cases) {
    const got = compute(c);
    for (const [metric, e] of Object.entries(c.expected)) {
      const a = got[metric];
      if (Array.isArray(e)) {
        e.forEach((x, k) => {
          const v = expectedValue(x);
          push(
            c.id,
            `${metric}[${k}]`,
            v,
            Array.isArray(a) ? (a[k] ?? Number.NaN) : Number.NaN,
            toleranceFor(x),
          );
        });
      } else {
        const v = expectedValue(e as Expected);
        push(c.id, metric, v, typeof a === 'number' ? a : Number.NaN, toleranceFor(e as Expected));
      }
    }
    const pub = c.published;
    if (pub && typeof pub['positions_with_30pct_shrinkage'] === 'number') {
      const raw = pub['raw_positions'] ?? pub['raw_positions_for_2pct'];
      const servers = typeof raw === 'number' ? raw : Number.NaN;
      push(
        c.id,
        'published positions with 30 % shrinkage',
        pub['positions_with_30pct_shrinkage'],
        withShrinkage(servers, 0.3),
        0,
      );
    }
  }
  return out;
}
