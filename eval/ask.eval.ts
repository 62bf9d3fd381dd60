/**
 * Instructions → jobs, whole path (`xinzhi ask`): the hand-labelled set `eval/ask/instructions.jsonl`
 * (zh and en, deliveries, field operations and invalid ones, each with the contract output) is
 * parsed and scored field by field (exact match). The set is split in two halves fixed in the
 * file: `dev` was looked at while the parser was written, `test` was not; both are reported and
 * the test figure is the honest one.
 *   npm run eval -- ask [--json] [--errors dev]
 * The address model is the CCKS 2021 CRF (trained once and cached; see domains/ask/address-model.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crfAddressTagger, loadAddressModel, parseInstruction } from '../src/domains/ask/index.js';
import { scoreOne } from '../src/domains/ask/score.js';
import { benchmarksRoot } from './lib/benchmarks.js';
import { argValue, printTable } from './lib/print-table.js';

interface Case {
  id: string;
  split: 'dev' | 'test';
  text: string;
  now: string;
  expected: Record<string, unknown>;
}

const here = dirname(fileURLToPath(import.meta.url));

export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const cases = readFileSync(join(here, 'ask', 'instructions.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Case);
  const env = { ...process.env, XINZHI_BENCHMARKS: benchmarksRoot() };
  const model = loadAddressModel({ env, onTrain: (m) => console.error(m) });
  if (!model) console.error('no address model: address parts will be scored as wrong');
  const tagger = model ? crfAddressTagger(model) : undefined;
  const showErrors = argValue(args, '--errors');
  const bySplit: Record<
    string,
    { fields: Map<string, [number, number]>; full: number; n: number; kinds: Map<string, [number, number]> }
  > = {};
  const t0 = performance.now();
  for (const c of cases) {
    let actual: Record<string, unknown>;
    try {
      actual = parseInstruction(c.text, { now: c.now, ...(tagger ? { addressTagger: tagger } : {}) })
        .result as unknown as Record<string, unknown>;
    } catch (e) {
      actual = { kind: 'error', message: (e as Error).message };
    }
    const scores = scoreOne(c.expected, actual);
    bySplit[c.split] ??= { fields: new Map(), full: 0, n: 0, kinds: new Map() };
    const s = bySplit[c.split] as NonNullable<(typeof bySplit)[string]>;
    s.n++;
    const allRight = scores.every((x) => x.right);
    if (allRight) s.full++;
    const kind = c.expected['kind'] as string;
    const k = s.kinds.get(kind) ?? [0, 0];
    s.kinds.set(kind, [k[0] + (allRight ? 1 : 0), k[1] + 1]);
    for (const x of scores) {
      const f = s.fields.get(x.field) ?? [0, 0];
      s.fields.set(x.field, [f[0] + (x.right ? 1 : 0), f[1] + 1]);
    }
    if (showErrors === c.split && !allRight) {
      console.error(
        `\n${c.id} ${c.text}\n  wrong: ${scores
          .filter((x) => !x.right)
          .map((x) => x.field)
          .join(', ')}`,
      );
      console.error(`  expected ${JSON.stringify(c.expected)}\n  actual   ${JSON.stringify(actual)}`);
    }
  }
  const ms = performance.now() - t0;
  const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '-');
  const splits = ['dev', 'test'].filter((s) => bySplit[s]);
  const names = [...new Set(splits.flatMap((s) => [...(bySplit[s]?.fields.keys() ?? [])]))];
  const rows = names.map((f) => [
    f,
    ...splits.flatMap((s) => {
      const v = bySplit[s]?.fields.get(f) ?? [0, 0];
      return [pct(v[0], v[1]), String(v[1])];
    }),
  ]);
  const totals = splits.map((s) => {
    const b = bySplit[s] as NonNullable<(typeof bySplit)[string]>;
    let r = 0;
    let n = 0;
    for (const [, [a, m]] of b.fields) {
      r += a;
      n += m;
    }
    return { split: s, fieldsRight: r, fields: n, full: b.full, n: b.n, kinds: Object.fromEntries(b.kinds) };
  });
  rows.push(['all fields', ...totals.flatMap((t) => [pct(t.fieldsRight, t.fields), String(t.fields)])]);
  rows.push(['fully right', ...totals.flatMap((t) => [pct(t.full, t.n), String(t.n)])]);
  for (const kind of ['delivery', 'field_op', 'invalid'])
    rows.push([
      `fully right: ${kind}`,
      ...totals.flatMap((t) => {
        const v = (t.kinds[kind] ?? [0, 0]) as [number, number];
        return [pct(v[0], v[1]), String(v[1])];
      }),
    ]);
  if (json) {
    console.log(
      JSON.stringify({
        totals,
        fields: Object.fromEntries(
          names.map((f) => [f, Object.fromEntries(splits.map((s) => [s, bySplit[s]?.fields.get(f)]))]),
        ),
        msPerInstruction: ms / cases.length,
      }),
    );
    return;
  }
  printTable(
    `ask: ${cases.length} hand-labelled instructions, exact match per field (% right, n)`,
    ['field', ...splits.flatMap((s) => [`${s} %`, 'n'])],
    rows,
    args,
    {
      goals: '≥ 90 % of fields, ≥ 75 % fully right (test is the held-out half)',
      speed: `${(ms / cases.length).toFixed(2)} ms per instruction (address model loaded once)`,
    },
  );
}
