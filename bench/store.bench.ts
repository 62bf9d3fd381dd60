/** The store's own benchmarks: `npm run bench -- store [--json]`. */
import { measureReadRollups } from './ingest/read-rollups.js';
import { printRows } from './lib/table.js';

export async function run(args: string[]): Promise<void> {
  printRows('store (SQLite)', await measureReadRollups(), args);
}
