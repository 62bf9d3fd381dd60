/**
 * Transferable-utility games: the characteristic function as a typed array indexed by coalition
 * bitmask (bit i = player i), and the reader for `game.json` shared by the CLI and the API.
 *
 * Every game is held in profit form. A cost game c is stored as v = −c (Shapley value, nucleolus
 * and least core are covariant under that negation), and results are negated back into cost
 * shares at the edge, so the solvers have one sign convention only.
 */
import { fail, type Issue, ok, type Result } from '../../core/index.js';

export type GameKind = 'profit' | 'cost';

export interface Game {
  readonly players: readonly string[];
  readonly kind: GameKind;
  /** v(S) in profit form (a cost game negated), length 2^n, index = coalition bitmask; v[0] = 0. */
  readonly v: Float64Array;
}

/** Most players a game file may name: 2^20 coalitions is the most an exact table can hold. */
export const MAX_TABLE_PLAYERS = 20;
/** Longest player name accepted. */
export const MAX_NAME_LENGTH = 200;

/** Bit count of each mask below 2^n, for size-dependent weights. */
export function popcounts(n: number): Uint8Array {
  const pc = new Uint8Array(1 << n);
  for (let m = 1; m < pc.length; m++) pc[m] = (pc[m >> 1] ?? 0) + (m & 1);
  return pc;
}

/** Players of `mask`, in player order. */
export function members(mask: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (mask & (1 << i)) out.push(i);
  return out;
}

/** The coalition's name as in game.json: its players joined with commas, in player order. */
export const coalitionName = (g: Game, mask: number): string =>
  members(mask, g.players.length)
    .map((i) => g.players[i])
    .join(',');

/** The value in the game's own terms: profit, or cost for a cost game. */
export const ownValue = (g: Game, mask: number): number => {
  const x = g.v[mask] ?? 0;
  return g.kind === 'cost' ? -x + 0 : x;
};

/** Builds a game from a function of the coalition (player indices, in order), profit or cost. */
export function tabulate(
  players: readonly string[],
  kind: GameKind,
  value: (members: readonly number[]) => number,
): Game {
  const n = players.length;
  if (n < 1 || n > MAX_TABLE_PLAYERS)
    throw new RangeError(`a tabulated game has 1 to ${MAX_TABLE_PLAYERS} players, not ${n}`);
  const v = new Float64Array(1 << n);
  const sign = kind === 'cost' ? -1 : 1;
  for (let m = 1; m < v.length; m++) v[m] = sign * value(members(m, n));
  return { players: [...players], kind, v };
}

const issue = (where: string, message: string): Issue => ({ code: 'BAD_INPUT', message, where });

/**
 * Reads `{"players": [...], "kind": "profit"|"cost", "v": {"A,B": 6, ...}}`. Coalition keys are
 * player names joined by commas in any order (spaces around names ignored). Every non-empty
 * coalition must be given, except that a profit game may leave out singletons (worth 0). Problems
 * name the field: `players[2]`, `v["A,B"]`, `kind`.
 */
export function parseGame(doc: unknown, maxPlayers = MAX_TABLE_PLAYERS): Result<Game> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return fail(issue('(root)', 'a game is a JSON object with players, kind and v'));
  const d = doc as Record<string, unknown>;
  for (const k of Object.keys(d))
    if (k !== 'players' && k !== 'kind' && k !== 'v' && k !== 'name')
      return fail(issue(k, `unknown field '${k}' (expected players, kind, v and optionally name)`));
  if (d.name !== undefined && typeof d.name !== 'string') return fail(issue('name', 'name must be a string'));
  if (d.kind !== 'profit' && d.kind !== 'cost')
    return fail(issue('kind', `kind must be "profit" or "cost", got ${JSON.stringify(d.kind) ?? 'nothing'}`));
  const kind: GameKind = d.kind;
  if (!Array.isArray(d.players) || d.players.length === 0)
    return fail(issue('players', 'players must be a non-empty array of names'));
  if (d.players.length > maxPlayers)
    return fail(
      issue(
        'players',
        `${d.players.length} players: at most ${maxPlayers} (every one of the 2^n coalitions is listed and solved)`,
      ),
    );
  const players: string[] = [];
  const index = new Map<string, number>();
  for (const [i, p] of d.players.entries()) {
    const where = `players[${i}]`;
    if (typeof p !== 'string') return fail(issue(where, 'a player name is a string'));
    const name = p.trim();
    if (name === '') return fail(issue(where, 'a player name is empty'));
    if (name.length > MAX_NAME_LENGTH)
      return fail(issue(where, `a player name is at most ${MAX_NAME_LENGTH} characters`));
    if (name.includes(','))
      return fail(issue(where, `player '${name}' contains a comma, which separates names`));
    const seen = index.get(name);
    if (seen !== undefined) return fail(issue(where, `duplicate player '${name}' (also players[${seen}])`));
    index.set(name, i);
    players.push(name);
  }
  if (typeof d.v !== 'object' || d.v === null || Array.isArray(d.v))
    return fail(issue('v', 'v must be an object from coalition ("A,B") to its value'));
  const n = players.length;
  const v = new Float64Array(1 << n);
  const given = new Uint8Array(1 << n);
  const keyOf = new Map<number, string>();
  const sign = kind === 'cost' ? -1 : 1;
  for (const [key, value] of Object.entries(d.v as Record<string, unknown>)) {
    const where = `v[${JSON.stringify(key)}]`;
    let mask = 0;
    for (const part of key.split(',')) {
      const name = part.trim();
      if (name === '')
        return fail(issue(where, 'a coalition names its players separated by commas; one is empty'));
      const i = index.get(name);
      if (i === undefined) return fail(issue(where, `unknown player '${name}' (not in players)`));
      if (mask & (1 << i)) return fail(issue(where, `player '${name}' appears twice in one coalition`));
      mask |= 1 << i;
    }
    const other = keyOf.get(mask);
    if (other !== undefined)
      return fail(
        issue(where, `coalition given twice: as ${JSON.stringify(other)} and ${JSON.stringify(key)}`),
      );
    keyOf.set(mask, key);
    if (typeof value !== 'number' || !Number.isFinite(value))
      return fail(
        issue(where, `a coalition value is a finite number, got ${JSON.stringify(value) ?? String(value)}`),
      );
    if (Math.abs(value) > 1e15)
      return fail(issue(where, 'a coalition value is at most 1e15 in size (beyond, sums lose whole units)'));
    v[mask] = sign * value + 0;
    given[mask] = 1;
  }
  for (let m = 1; m < v.length; m++) {
    if (given[m]) continue;
    const single = (m & (m - 1)) === 0;
    if (single && kind === 'profit') continue;
    const names = members(m, n).map((i) => players[i]);
    return fail(
      issue(
        `v[${JSON.stringify(names.join(','))}]`,
        `missing coalition ${names.join(',')}${single ? ' (a cost game gives every singleton)' : ''}`,
      ),
    );
  }
  return ok({ players, kind, v });
}

/**
 * The first key repeated inside one object of a valid JSON text, as a field path (`v["A,B"]`),
 * or undefined. `JSON.parse` keeps the last of two equal keys without a word; a game file that
 * gives a coalition twice is ambiguous and is refused instead.
 */
export function duplicateJsonKey(text: string): string | undefined {
  const stack: ({ keys: Set<string>; name: string } | null)[] = [];
  let expectKey = false;
  let lastKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return top.name ? `${top.name}[${JSON.stringify(key)}]` : key;
        top.keys.add(key);
        lastKey = key;
        expectKey = false;
      }
      i = j;
    } else if (c === '{') {
      const parent = stack[stack.length - 1];
      stack.push({
        keys: new Set(),
        name: parent === undefined ? '' : parent === null ? '(array item)' : lastKey,
      });
      expectKey = true;
    } else if (c === '[') stack.push(null);
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') expectKey = stack[stack.length - 1] != null;
  }
  return undefined;
}
