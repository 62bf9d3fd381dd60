/**
 * LP/MILP and queueing evaluation:
 *   npm run eval -- lp [--time-limit 60] [--quick] [--only netlib|miplib|queueing] [--json]
 *
 * - every Netlib LP through xinzhi's MPS reader and HiGHS, objective within 1e-6 relative of the
 *   manifest's proven optimum; each is also rewritten in fixed MPS with spaces inside every name
 *   (as original Netlib files have, e.g. `DEDO3 11`) and read back without a format hint, which
 *   must give the same program (column `fixed`). For e226 the manifest (Netlib's published value) excludes the
 *   objective constant given as an RHS on the objective row, so c·x is compared and the
 *   objective with the constant is shown too;
 * - the MIPLIB instances at a time limit (default 60 s each; `--quick` is 5 s), reporting
 *   objective, gap to the best known value, HiGHS's own gap and time;
 * - the queueing reference cases within 1e-9 relative (or their printed precision).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LinearProgram, readMps, Solver, writeMps } from '../src/optimize/index.js';
import { benchmarkDir } from './lib/benchmarks.js';
import { argValue, printTable } from './lib/print-table.js';
import { checkQueueingCases } from './lib/queueing-cases.js';

interface ManifestRow {
  readonly [key: string]: string;
}

/** Small CSV reader for the manifests: quoted fields may hold commas. */
function readManifest(path: string): ManifestRow[] {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const split = (l: string): string[] => {
    const out: string[] = [];
    let cur = '';
    let q = false;
    for (const ch of l) {
      if (ch === '"') q = !q;
      else if (ch === ',' && !q) {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const header = split(lines[0] ?? '');
  return lines.slice(1).map((l) => {
    const cells = split(l);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

/** The program renamed `R 1`, `C 1`… and written in fixed MPS; undefined when a value does not fit 12 columns. */
function fixedWithSpaces(p: LinearProgram): string | undefined {
  try {
    return writeMps(
      {
        ...p,
        objectiveName: 'OBJ 0',
        rowNames: p.rowNames.map((_, i) => `R ${i}`),
        colNames: p.colNames.map((_, j) => `C ${j}`),
      },
      { format: 'fixed' },
    );
  } catch {
    return undefined;
  }
}

/** Whether a fixed-format re-read gives the same matrix, bounds and costs. */
function sameProgram(a: LinearProgram, b: LinearProgram): boolean {
  const eq = (x: readonly number[], y: readonly number[]): boolean =>
    x.length === y.length && x.every((v, i) => v === y[i]);
  return (
    eq(a.colCost, b.colCost) &&
    eq(a.colLower, b.colLower) &&
    eq(a.colUpper, b.colUpper) &&
    eq(a.rowLower, b.rowLower) &&
    eq(a.rowUpper, b.rowUpper) &&
    eq(a.rowStart, b.rowStart) &&
    eq(a.rowIndex, b.rowIndex) &&
    eq(a.rowValue, b.rowValue) &&
    a.offset === b.offset
  );
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));
const sci = (v: number): string => (Number.isFinite(v) ? v.toExponential(1) : String(v));
const num = (v: number | null): string => (v === null ? '—' : Number(v.toPrecision(11)).toString());

export async function run(args: string[]): Promise<void> {
  const only = argValue(args, '--only');
  const timeLimit = Number(argValue(args, '--time-limit') ?? (args.includes('--quick') ? 5 : 60));
  const solver = await Solver.load();
  const json: Record<string, unknown> = {};
  let allPass = true;
  const progress = (s: string): void => {
    if (process.stderr.isTTY && !args.includes('--json')) process.stderr.write(`\r${s.padEnd(60)}`);
  };

  const netlib = only && only !== 'netlib' ? undefined : benchmarkDir('lp', 'netlib');
  if (netlib) {
    const rows: string[][] = [];
    const records: unknown[] = [];
    let pass = 0;
    const manifest = readManifest(join(netlib, 'manifest.csv'));
    for (const m of manifest) {
      const name = m['name'] ?? '';
      progress(`netlib ${name}`);
      const r = readMps(readFileSync(join(netlib, `${name}.mps`), 'utf8'));
      if (!r.ok) {
        rows.push([name, 'read error', '', '', '', '', '', 'NO']);
        records.push({ name, error: r.issues });
        allPass = false;
        continue;
      }
      const t0 = performance.now();
      const s = solver.solve(r.value);
      const ms = performance.now() - t0;
      const expected = Number(m['optimal_objective']);
      const constantOnObjectiveRow = (m['objective_row_rhs'] ?? '') !== '';
      const got =
        s.objective === null ? Number.NaN : constantOnObjectiveRow ? s.objective - s.offset : s.objective;
      const err = rel(got, expected);
      const fixedText = fixedWithSpaces(r.value);
      const fixedRead = fixedText === undefined ? undefined : readMps(fixedText);
      const fixed =
        fixedRead === undefined
          ? 'n/a'
          : fixedRead.ok && sameProgram(r.value, fixedRead.value)
            ? 'same'
            : 'DIFF';
      const ok = s.status === 'optimal' && err <= 1e-6 && fixed !== 'DIFF';
      if (ok) pass++;
      else allPass = false;
      rows.push([
        name,
        `${r.value.rowNames.length}×${r.value.colNames.length}`,
        num(expected),
        num(got) + (constantOnObjectiveRow ? ` (with constant ${num(s.objective)})` : ''),
        sci(err),
        ms.toFixed(1),
        fixed,
        ok ? 'yes' : 'NO',
      ]);
      records.push({
        name,
        status: s.status,
        fixedFormatReread: fixed,
        expected,
        objective: got,
        objectiveWithConstant: s.objective,
        relError: err,
        ms,
        pass: ok,
      });
    }
    progress('');
    printTable(
      `Netlib LP (${pass}/${manifest.length} within 1e-6 relative)`,
      [
        'instance',
        'rows×cols',
        'optimum (manifest)',
        'xinzhi objective',
        'rel. error',
        'ms',
        'fixed',
        'pass',
      ],
      rows,
      args,
      {
        fixed:
          "the instance rewritten in fixed MPS with a space inside every name, read back with no format hint: 'same' program, or 'n/a' when a value needs more than fixed MPS's 12 columns",
        e226: 'the manifest value excludes the objective constant (RHS −7.113 on the objective row, i.e. +7.113 in the objective); xinzhi reads it as HiGHS and CPLEX do and reports c·x next to the objective with the constant',
      },
    );
    json['netlib'] = { pass, total: manifest.length, instances: records };
  }

  const miplib = only && only !== 'miplib' ? undefined : benchmarkDir('lp', 'miplib');
  if (miplib) {
    const rows: string[][] = [];
    const records: unknown[] = [];
    const manifest = readManifest(join(miplib, 'manifest.csv'));
    const files = new Set(readdirSync(miplib));
    let solved = 0;
    for (const m of manifest) {
      const name = m['name'] ?? '';
      if (!files.has(`${name}.mps`)) continue;
      progress(`miplib ${name} (limit ${timeLimit} s)`);
      const r = readMps(readFileSync(join(miplib, `${name}.mps`), 'utf8'));
      if (!r.ok) {
        rows.push([name, 'read error', '', '', '', '', '', '']);
        allPass = false;
        continue;
      }
      const s = solver.solve(r.value, { timeLimit });
      const best = Number(m['optimal_objective']);
      const gapToBest = s.objective === null ? Number.NaN : rel(s.objective, best);
      const atBest = s.objective !== null && gapToBest <= 1e-6;
      if (atBest && s.status === 'optimal') solved++;
      rows.push([
        name,
        `${r.value.rowNames.length}×${r.value.colNames.length}`,
        num(best),
        num(s.objective),
        s.status,
        s.mip ? `${(s.mip.gap * 100).toFixed(2)} %` : '—',
        Number.isFinite(gapToBest) ? `${(gapToBest * 100).toFixed(4)} %` : '—',
        s.timeSeconds.toFixed(1),
      ]);
      records.push({
        name,
        best,
        objective: s.objective,
        status: s.status,
        mip: s.mip,
        gapToBest,
        seconds: s.timeSeconds,
      });
    }
    progress('');
    printTable(
      `MIPLIB 2017 (time limit ${timeLimit} s each; ${solved}/${rows.length} proven optimal at the best known value)`,
      ['instance', 'rows×cols', 'best known', 'xinzhi objective', 'status', 'HiGHS gap', 'gap to best', 's'],
      rows,
      args,
    );
    json['miplib'] = { timeLimit, provenOptimal: solved, total: rows.length, instances: records };
  }

  const queueing = only && only !== 'queueing' ? undefined : benchmarkDir('queueing');
  if (queueing) {
    const checks = checkQueueingCases(queueing);
    const byCase = new Map<string, typeof checks>();
    for (const c of checks) byCase.set(c.id, [...(byCase.get(c.id) ?? []), c]);
    const rows = [...byCase].map(([id, cs]) => {
      const worst = Math.max(...cs.map((c) => c.relError));
      const tol = Math.max(...cs.map((c) => c.tolerance));
      const ok = cs.every((c) => c.pass);
      return [id, String(cs.length), sci(worst), sci(tol), ok ? 'yes' : 'NO'];
    });
    const pass = rows.filter((r) => r[4] === 'yes').length;
    if (pass !== rows.length) allPass = false;
    printTable(
      `Queueing reference cases (${pass}/${rows.length} cases, ${checks.filter((c) => c.pass).length}/${checks.length} metrics)`,
      ['case', 'metrics', 'max rel. error', 'tolerance', 'pass'],
      rows,
      args,
      {
        tolerance:
          '1e-9 relative, or half a unit of the last printed digit when the reference prints fewer digits',
      },
    );
    json['queueing'] = { pass, total: rows.length, checks };
  }
  if (args.includes('--json')) console.log(JSON.stringify(json, null, 2));
  if (!allPass) process.exitCode = 1;
}
