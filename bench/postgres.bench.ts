/** The PostgreSQL store's benchmarks: `npm run bench -- postgres [--points N] [--batch N] [--json]`. */
import { measurePostgresStore } from './ingest/postgres-store.js';
import { printRows } from './lib/table.js';

function positive(args: string[], flag: string): number | undefined {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const n = Number(args[i + 1]);
  if (!(Number.isSafeInteger(n) && n > 0)) throw new Error(`${flag} must be a positive integer`);
  return n;
}

export async function run(args: string[]): Promise<void> {
  const points = positive(args, '--points');
  const batchSize = positive(args, '--batch');
  printRows(
    'store (PostgreSQL)',
    await measurePostgresStore({
      ...(points === undefined ? {} : { points }),
      ...(batchSize === undefined ? {} : { batchSize }),
    }),
    args,
  );
}
