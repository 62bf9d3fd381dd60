/**
 * `npm run eval -- control [--json] [--failures]`: every case of shared/benchmarks/control/cases.json
 * through the control engine, as a pass table (case, expected, got, relative error, tolerance, pass).
 */
import { casesPath, loadCases, runControlCases } from './lib/control-cases.js';

const fmt = (n: number): string => (Number.isFinite(n) ? Number(n.toPrecision(10)).toString() : String(n));

export async function run(args: string[]): Promise<void> {
  const data = loadCases();
  if (!data) {
    console.error(`control cases not found at ${casesPath()} (set XINZHI_BENCHMARKS)`);
    process.exitCode = 2;
    return;
  }
  const rows = runControlCases(data);
  if (args.includes('--json')) {
    console.log(JSON.stringify({ evaluation: 'control', rows }, null, 2));
    return;
  }
  const shown = args.includes('--failures') ? rows.filter((r) => !r.pass) : rows;
  const header = ['section', 'case', 'expected', 'got', 'rel. error', 'tolerance', 'pass'];
  const body = shown.map((r) => [
    r.section,
    r.case,
    fmt(r.expected),
    fmt(r.got),
    r.relError.toExponential(1),
    r.tolerance,
    r.pass ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (c: readonly string[]): string => c.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ');
  console.log(`\ncontrol cases (${casesPath()})\n`);
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  console.log('\nsummary');
  const sections = [...new Set(rows.map((r) => r.section))];
  for (const s of sections) {
    const rs = rows.filter((r) => r.section === s);
    const worst = Math.max(...rs.map((r) => r.relError));
    console.log(
      `  ${s.padEnd(14)} ${rs.filter((r) => r.pass).length}/${rs.length} pass, worst rel. error ${worst.toExponential(1)}`,
    );
  }
  const failed = rows.filter((r) => !r.pass).length;
  console.log(`  ${'total'.padEnd(14)} ${rows.length - failed}/${rows.length} pass`);
  if (failed > 0) process.exitCode = 1;
}
