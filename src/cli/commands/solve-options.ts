/** The solver limits `solve` and `plan` take from `--time-limit` and `--mip-gap`. */
import type { SolveOptions } from '../../optimize/index.js';
import { numberFlag } from '../options.js';

/** Only the limits given: an absent flag leaves the solver's (or the plan file's) own setting. */
export function solveOptionsFromFlags(opts: {
  readonly timeLimit?: string | undefined;
  readonly mipGap?: string | undefined;
}): SolveOptions {
  const timeLimit = numberFlag('--time-limit', opts.timeLimit);
  const mipGap = numberFlag('--mip-gap', opts.mipGap);
  return {
    ...(timeLimit !== undefined ? { timeLimit } : {}),
    ...(mipGap !== undefined ? { mipGap } : {}),
  };
}
