/**
 * CVRPLIB `.sol` files: `Route #k: c1 c2 …` lines (customers numbered 1..n with the depot as 0,
 * i.e. the file's node id minus one when the depot is node 1) and a `Cost` line.
 */
import { fail, type Issue, ok, type Result } from '../../core/index.js';

export function writeSol(routes: readonly (readonly number[])[], cost: number): string {
  const lines = routes.filter((r) => r.length > 0).map((r, i) => `Route #${i + 1}: ${r.join(' ')}`);
  const c = Number.isInteger(cost) ? String(cost) : cost.toFixed(2);
  return `${lines.join('\n')}\nCost ${c}\n`;
}

export interface SolFile {
  readonly routes: number[][];
  readonly cost?: number;
}

export function parseSol(text: string): Result<SolFile> {
  const issues: Issue[] = [];
  const routes: number[][] = [];
  let cost: number | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const r = /^Route\s*#\s*\d+\s*:\s*(.*)$/i.exec(line);
    if (r) {
      const ids = r[1]!.trim() === '' ? [] : r[1]!.trim().split(/\s+/).map(Number);
      if (ids.some((x) => !Number.isInteger(x) || x < 1))
        issues.push({
          code: 'BAD_INPUT',
          message: 'route entries must be positive integers',
          where: `line ${i + 1}`,
        });
      else routes.push(ids);
      return;
    }
    const c = /^Cost\s+(\S+)$/i.exec(line);
    if (c && Number.isFinite(Number(c[1]))) {
      cost = Number(c[1]);
      return;
    }
    issues.push({
      code: 'BAD_INPUT',
      message: `expected 'Route #k: …' or 'Cost x', got '${line.slice(0, 40)}'`,
      where: `line ${i + 1}`,
    });
  });
  if (routes.length === 0 && issues.length === 0)
    issues.push({ code: 'BAD_INPUT', message: 'no routes', where: 'line 1' });
  return issues.length > 0 ? fail(...issues) : ok(cost === undefined ? { routes } : { routes, cost });
}
