/**
 * Cooperative games over HTTP: `POST /games/solve` takes the body of a `game.json`
 * (docs/games.md) and answers like `xinzhi game solve --json`: Shapley value, nucleolus, whether
 * the core is empty and the least-core ε, plus a line per coalition with `explain`. The LPs run on
 * the solver worker thread, never on the event loop; players are capped lower than on the command
 * line so that one request stays a few seconds of solver time.
 */
import { z } from '@hono/zod-openapi';
import { issuesError, XinzhiError } from '../../core/index.js';
import { games, solveInWorker } from '../../optimize/index.js';
import { guardedRoute } from '../auth/guard.js';
import { router } from '../context.js';
import { problemResponses } from '../schemas.js';

/** Most players per request: 2^14 − 1 = 16,383 coalitions, about 3 s of LPs (docs/games.md). */
export const API_MAX_PLAYERS = 14;

const GameBody = z
  .object({
    players: z
      .array(z.string().min(1).max(games.MAX_NAME_LENGTH))
      .min(1)
      .max(API_MAX_PLAYERS)
      .openapi({ description: 'Player names (no commas), unique', example: ['A', 'B', 'C'] }),
    kind: z
      .enum(['profit', 'cost'])
      .openapi({ description: 'profit: v is what a coalition earns; cost: what it pays' }),
    v: z.record(z.string(), z.number().finite()).openapi({
      description:
        'Coalition (players joined by commas, any order) → value. All coalitions; a profit game may omit singletons (0).',
      example: { 'A,B': 6, 'A,C': 4, 'B,C': 5, 'A,B,C': 10 },
    }),
    name: z.string().max(200).optional(),
    explain: z
      .boolean()
      .default(false)
      .openapi({ description: 'Add a line per coalition (worth, shares, excess, blocks)' }),
  })
  .strict()
  .openapi('GameRequest');

const Line = z.object({
  coalition: z.string(),
  size: z.number().int(),
  value: z.number(),
  shapley: z.number(),
  nucleolus: z.number(),
  shapleyExcess: z.number(),
  nucleolusExcess: z.number(),
  shapleyBlocks: z.boolean(),
  nucleolusBlocks: z.boolean(),
});

const GameResult = z
  .object({
    shapley: z
      .record(z.string(), z.number())
      .openapi({ description: 'Shapley value (cost shares for a cost game)' }),
    nucleolus: z.record(z.string(), z.number()),
    core_empty: z.boolean(),
    least_core_epsilon: z.number().openapi({ description: 'Least-core ε: ≤ 0 iff the core is non-empty' }),
    coalitions: z
      .array(Line)
      .optional()
      .openapi({ description: 'With explain: most aggrieved coalition first' }),
  })
  .openapi('GameResult');

const solveRoute = guardedRoute('plan', {
  method: 'post',
  path: '/games/solve',
  tags: ['games'],
  summary: 'Shapley value, nucleolus, core and least core of a transferable-utility game (operator)',
  request: { body: { required: true, content: { 'application/json': { schema: GameBody } } } },
  responses: {
    200: { description: 'The allocations and core', content: { 'application/json': { schema: GameResult } } },
    ...problemResponses,
  },
});

export function gameRoutes() {
  return router().openapi(solveRoute, async (c) => {
    const { explain, ...doc } = c.req.valid('json');
    // The body was parsed already; JSON.parse keeps the last of two equal keys, so look again.
    const twice = games.duplicateJsonKey(await c.req.text());
    if (twice !== undefined)
      throw new XinzhiError('BAD_INPUT', `${twice} is given twice; give each coalition once`, {
        field: twice,
      });
    const r = games.parseGame(doc, API_MAX_PLAYERS);
    if (!r.ok)
      throw issuesError(r.issues, { fallback: '(body)', detail: r.issues[0]?.message ?? 'bad game' });
    const s = await games.solveGame(r.value, (p) => solveInWorker(p), { explain });
    return c.json(
      { ...games.contractJson(s), ...(explain ? { coalitions: [...(s.coalitions ?? [])] } : {}) },
      200,
    );
  });
}
