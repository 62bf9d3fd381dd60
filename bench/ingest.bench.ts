/**
 * `npm run bench -- ingest [--json] [--only csv,mqtt,group,read]`: the foundation's three targets, each
 * as a ratio against a baseline measured in the same run (issue 2, part 9):
 *   - CSV import through the whole pipeline vs a raw better-sqlite3 bulk insert (goal ≥ 0.6×);
 *   - MQTT publish → stored & queryable from many device clients (goal ≥ 100,000 points/s, p99 < 100 ms),
 *     and the same group commits through the pipeline without broker and clients (`group`);
 *   - a year of 10-second data read as 500 buckets from rollups vs raw (goal < 50 ms and ≥ 20×).
 */
import type { BenchRow } from './lib/table.js';
import { printRows } from './lib/table.js';

const PARTS: Record<string, () => Promise<BenchRow[]>> = {
  csv: async () => (await import('./ingest/csv-import.js')).measureCsvImport(),
  mqtt: async () => (await import('./ingest/mqtt.js')).measureMqtt(),
  group: async () => (await import('./ingest/group-commit.js')).measureGroupCommit(),
  read: async () => (await import('./ingest/read-rollups.js')).measureReadRollups(),
};

export async function run(args: string[]): Promise<void> {
  const i = args.indexOf('--only');
  const only = i >= 0 ? (args[i + 1] ?? '').split(',') : Object.keys(PARTS);
  const rows: BenchRow[] = [];
  for (const name of only) {
    const part = PARTS[name];
    if (!part) throw new Error(`unknown part '${name}'; parts: ${Object.keys(PARTS).join(', ')}`);
    if (!args.includes('--json')) console.error(`… ${name}`);
    rows.push(...(await part()));
  }
  printRows('xinzhi ingest benchmark', rows, args);
}
