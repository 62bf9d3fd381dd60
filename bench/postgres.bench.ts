/** The PostgreSQL store's benchmarks: `npm run bench -- postgres [--points N] [--json]`. */
import { measurePostgresStore } from './ingest/postgres-store.js';
import { printRows } from './lib/table.js';

export async function run(args: string[]): Promise<void> {
  const i = args.indexOf('--points');
  const points = i >= 0 ? Number(args[i + 1]) : undefined;
  if (points !== undefined && !(Number.isSafeInteger(points) && points > 0))
    throw new Error('--points must be a positive integer');
  printRows('store (PostgreSQL)', await measurePostgresStore(points === undefined ? {} : { points }), args);
}
