/** What the `collab` subcommands share: reading bundles and input files, the LP solver and the printed case. */
import { XinzhiError } from '../../../core/index.js';
import { textTable } from '../../../core/text-table.js';
import type { collaboration } from '../../../domains/index.js';
import { Solver } from '../../../optimize/index.js';
import type { CliContext } from '../../context.js';
import { inputFileSize, readInputFile } from '../read-input.js';

/** Largest bundle read: a 16-player game's 65 535 coalitions fit well below it. */
export const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

export function readBundle(path: string): unknown {
  const size = inputFileSize(path);
  if (size > MAX_BUNDLE_BYTES)
    throw new XinzhiError('BAD_INPUT', `${path} is ${size} bytes; a bundle is at most ${MAX_BUNDLE_BYTES}`, {
      field: 'bundle',
    });
  try {
    return JSON.parse(readInputFile(path));
  } catch (e) {
    throw new XinzhiError('BAD_INPUT', `${path} is not JSON: ${(e as Error).message}`, { field: 'bundle' });
  }
}

export const lpSolve = async () => {
  const s = await Solver.load();
  return async (p: Parameters<typeof s.solve>[0]) => s.solve(p);
};

export function printCase(ctx: CliContext, r: collaboration.CaseResult, lang: 'en' | 'zh'): void {
  const f = (x: number | undefined) =>
    x === undefined ? '' : x.toLocaleString('en-US', { maximumFractionDigits: 2 });
  ctx.stdout(
    `${r.title}: ${r.players.length} partners, ${r.kind === 'cost' ? 'joint cost' : 'joint value'} ${r.currency}${f(r.total)} (${r.note})`,
  );
  const methods = r.allocations.map((a) => a.method);
  ctx.stdout(
    textTable(
      [
        [
          'partner',
          r.kind === 'cost' ? 'alone' : 'alone',
          ...methods,
          ...methods.map((m) => `${m} ${r.kind === 'cost' ? 'saves' : 'gains'}`),
        ],
        ...r.players.map((p) => [
          p,
          f(r.alone[p]),
          ...r.allocations.map((a) => f(a.shares[p])),
          ...r.allocations.map((a) => f(a.gains[p])),
        ]),
      ],
      { right: Array.from({ length: 1 + 2 * methods.length }, (_, i) => i + 1) },
    ).join('\n'),
  );
  if (r.coalitions.length > 0 && r.coalitions.length <= 64)
    ctx.stdout(
      textTable(
        [
          ['coalition', r.kind === 'cost' ? 'cost alone' : 'worth alone', ...methods],
          ...r.coalitions.map((c) => [c.coalition, f(c.value), ...methods.map((m) => f(c.shares[m]))]),
        ],
        { right: Array.from({ length: 1 + methods.length }, (_, i) => i + 1) },
      ).join('\n'),
    );
  if (r.core_empty !== null)
    ctx.stdout(
      r.core_empty
        ? `core: empty (least-core ε = ${f(r.least_core_epsilon ?? 0)}): whatever the split, some group does better on its own`
        : `core: non-empty (least-core ε = ${f(r.least_core_epsilon ?? 0)})`,
    );
  for (const line of r.sentences[lang]) ctx.stdout(line);
}

export function readJsonFile(path: string, field: string): unknown {
  try {
    return JSON.parse(readInputFile(path));
  } catch (e) {
    throw new XinzhiError('BAD_INPUT', `${path} is not JSON: ${(e as Error).message}`, { field });
  }
}
