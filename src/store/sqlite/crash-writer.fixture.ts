/**
 * Child process for the SIGKILL durability test: writes batches forever and prints the number of
 * points acknowledged (writePoints resolved) after each batch. Usage: crash-writer <db path>.
 */
import { openSqliteStore } from './sqlite-store.js';

const path = process.argv[2];
if (!path) throw new Error('usage: crash-writer <db path>');
const store = await openSqliteStore(path);
await store.upsertSeries({ assetId: 'crash/m', metric: 'v', unit: '1' });
const T0 = Date.UTC(2024, 0, 1);
let acked = 0;
for (;;) {
  const batch = Array.from({ length: 500 }, (_, i) => ({
    seriesId: 'crash/m/v',
    ts: T0 + (acked + i) * 1000,
    value: i,
  }));
  await store.writePoints(batch);
  acked += batch.length;
  process.stdout.write(`${acked}\n`);
}
