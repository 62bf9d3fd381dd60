/** Cooperative (transferable-utility) games: Shapley value, nucleolus, core and least core. */
export {
  coalitionName,
  duplicateJsonKey,
  type Game,
  type GameKind,
  MAX_NAME_LENGTH,
  MAX_TABLE_PLAYERS,
  members,
  ownValue,
  parseGame,
  popcounts,
  tabulate,
} from './game.js';
export {
  assertLpSize,
  type LeastCore,
  type LpSolve,
  leastCore,
  MAX_LP_PLAYERS,
  type Nucleolus,
  nucleolus,
} from './nucleolus.js';
export { type SampledShapley, type SampleOptions, shapleyExact, shapleySampled } from './shapley.js';
export { type CoalitionLine, contractJson, type GameSolution, solveGame } from './solve-game.js';
