/**
 * The farm service over the store of `--db` (the same service `/api/v1/farm` calls), for the
 * `agri` subcommands that read or write stored fields. The LP solver is loaded only when asked for.
 */
import { systemClock, XinzhiError } from '../../../core/index.js';
import { agriculture as agri } from '../../../domains/index.js';
import { Solver } from '../../../optimize/index.js';
import { openStoreFromOptions } from '../../open-store.js';

const noSolver: agri.SolveFn = () => {
  throw new XinzhiError('INTERNAL', 'this agri command does not solve');
};

/** Runs `fn` with a farm service over the opened store, closing the store afterwards. */
export async function withFarm<T>(
  opts: { db?: string | undefined; solver?: boolean },
  fn: (farm: agri.FarmService) => Promise<T>,
): Promise<T> {
  const store = await openStoreFromOptions({ db: opts.db });
  try {
    const solver = opts.solver ? await Solver.load() : undefined;
    const solve: agri.SolveFn = solver ? (p, o) => solver.solve(p, o) : noSolver;
    return await fn(agri.createFarmService({ store, clock: systemClock, solve }));
  } finally {
    await store.close();
  }
}
