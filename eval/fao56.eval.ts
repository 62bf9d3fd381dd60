/**
 * FAO-56 evaluation: every worked example of `fao56/examples.json` (ET0 chapters 3–4, single Kc,
 * water balance, degree days) with published value, ours and pass.
 *   npm run eval -- fao56 [--json]
 */
import { allFao56Rows, loadFao56 } from './lib/fao56-cases.js';

const fmt = (x: number, d: number): string => x.toFixed(Math.min(6, Math.max(d, 0)));

export async function run(args: string[]): Promise<void> {
  const data = loadFao56();
  if (!data) {
    console.error(
      'fao56 benchmark not found: expected ../shared/benchmarks/fao56/examples.json or $XINZHI_BENCHMARKS',
    );
    process.exitCode = 2;
    return;
  }
  const rows = allFao56Rows(data);
  const passed = rows.filter((r) => r.pass).length;
  if (args.includes('--json')) {
    console.log(JSON.stringify({ evaluation: 'fao56', passed, total: rows.length, rows }, null, 2));
    return;
  }
  const header = ['example', 'quantity', 'published', 'ours', 'ref', 'pass'];
  const body = rows.map((r) => [
    r.example,
    r.quantity,
    fmt(r.published, r.decimals),
    fmt(r.ours, r.decimals + 2),
    r.reference,
    r.pass ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log('\nFAO-56 worked examples (pass = ours rounds to the printed value)\n');
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  console.log(`\n${passed}/${rows.length} pass`);
  if (passed !== rows.length) process.exitCode = 1;
}
