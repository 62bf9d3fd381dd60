/**
 * `xinzhi game solve <game.json>`: Shapley value, nucleolus, core and least-core ε of a
 * transferable-utility game (docs/games.md). `--json` prints exactly the four contract keys;
 * `--explain` adds a line per coalition (its worth, what each allocation gives it, whether it blocks).
 */
import type { Command } from '@commander-js/extra-typings';
import { issuesError, textTable, XinzhiError } from '../../core/index.js';
import { games, Solver } from '../../optimize/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { jsonOption } from '../options.js';
import { inputFileSize, readInputFile } from './read-input.js';

/** Largest game file read: 16 players with long names stay well below it. */
export const MAX_GAME_FILE_BYTES = 16 * 1024 * 1024;
/** Coalition lines printed by `--explain` without `--json` (the JSON carries all of them). */
const EXPLAIN_LINES = 200;

export function readGame(path: string): games.Game {
  const size = inputFileSize(path);
  if (size > MAX_GAME_FILE_BYTES)
    throw new XinzhiError(
      'BAD_INPUT',
      `${path} is ${size} bytes; a game file is at most ${MAX_GAME_FILE_BYTES} bytes`,
      {
        field: 'game.json',
      },
    );
  const text = readInputFile(path);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new XinzhiError('BAD_INPUT', `${path} is not JSON: ${(e as Error).message}`, {
      field: 'game.json',
    });
  }
  const twice = games.duplicateJsonKey(text);
  if (twice !== undefined)
    throw new XinzhiError('BAD_INPUT', `${twice} is given twice; give each coalition once`, { field: twice });
  const r = games.parseGame(doc);
  if (!r.ok)
    throw issuesError(r.issues, { fallback: 'game.json', detail: r.issues[0]?.message ?? 'bad game' });
  games.assertLpSize(r.value.players.length);
  return r.value;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(4).replace(/0+$/, ''));

function printTable(ctx: CliContext, s: games.GameSolution): void {
  const what = s.kind === 'cost' ? 'cost share' : 'payoff';
  ctx.stdout(`${s.players.length} players, ${s.kind} game`);
  ctx.stdout(
    textTable(
      [
        ['player', `Shapley ${what}`, `nucleolus ${what}`],
        ...s.players.map((p) => [p, fmt(s.shapley[p] ?? 0), fmt(s.nucleolus[p] ?? 0)]),
      ],
      { right: [1, 2], indent: '  ' },
    ).join('\n'),
  );
  const margin = fmt(-s.leastCoreEpsilon);
  const gain = fmt(s.leastCoreEpsilon);
  if (!s.coreEmpty)
    ctx.stdout(
      s.kind === 'cost'
        ? `core: non-empty (least-core ε = ${gain}): some allocation charges every group at least ${margin} less than it would pay on its own`
        : `core: non-empty (least-core ε = ${gain}): some allocation gives every group at least ${margin} more than it makes on its own`,
    );
  else
    ctx.stdout(
      `core: empty (least-core ε = ${gain}): whatever the split, some group does better on its own; even the best split leaves one ${gain} better off alone`,
    );
  if (s.prenucleolus) ctx.stdout('note: Σ v(i) > v(N), no imputation exists; the pre-nucleolus is shown');
  const lines = s.coalitions;
  if (!lines) return;
  const shown = lines.slice(0, EXPLAIN_LINES);
  const col = s.kind === 'cost' ? 'cost alone' : 'worth';
  ctx.stdout(
    textTable(
      [
        ['coalition', col, 'Shapley gives', 'excess', 'blocks', 'nucleolus gives', 'excess', 'blocks'],
        ...shown.map((l) => [
          l.coalition,
          fmt(l.value),
          fmt(l.shapley),
          fmt(l.shapleyExcess),
          l.shapleyBlocks ? 'yes' : '',
          fmt(l.nucleolus),
          fmt(l.nucleolusExcess),
          l.nucleolusBlocks ? 'yes' : '',
        ]),
      ],
      { right: [1, 2, 3, 5, 6], indent: '  ' },
    ).join('\n'),
  );
  if (lines.length > shown.length)
    ctx.stdout(
      `… ${lines.length - shown.length} more coalitions (largest excess first; --json --explain lists all)`,
    );
}

export const register = (program: Command, ctx: CliContext): void => {
  const game = program.command('game').description('cooperative games: fair shares of a joint gain or cost');
  game
    .command('solve <game>')
    .description('Shapley value, nucleolus, core and least core of a TU game (game.json, docs/games.md)')
    .addOption(jsonOption('print {shapley, nucleolus, core_empty, least_core_epsilon}'))
    .option('--explain', 'add a line per coalition: worth, what it is given, excess, whether it blocks')
    .action(
      action(ctx, async (file, o) => {
        const g = readGame(file);
        const solver = await Solver.load();
        const s = await games.solveGame(g, async (p) => solver.solve(p), { explain: o.explain === true });
        if (o.json)
          return printJson(
            ctx,
            o.explain ? { ...games.contractJson(s), coalitions: s.coalitions } : games.contractJson(s),
          );
        printTable(ctx, s);
      }),
    );
};
