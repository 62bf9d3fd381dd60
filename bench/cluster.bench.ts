/**
 * The scale-out path (issue 15):
 * `npm run bench -- cluster [--points N] [--messages N] [--rounds R] [--json]`.
 * PostgreSQL store ingest against a raw COPY and a year of 10 s data read as ~500 buckets from the
 * rollups against raw (the postgres benchmark's measurement, run here), then one node against two
 * draining the same JetStream stream into PostgreSQL.
 */
import { type DrainResult, measureDrain } from './ingest/cluster-drain.js';
import { measurePostgresStore } from './ingest/postgres-store.js';
import { type BenchRow, printRows } from './lib/table.js';

const countArg = (args: readonly string[], flag: string): number | undefined => {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const n = Number(args[i + 1]);
  if (!(Number.isSafeInteger(n) && n > 0)) throw new Error(`${flag} must be a positive integer`);
  return n;
};

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? Number.NaN) + (s[m] ?? Number.NaN)) / 2;
};

export async function run(args: string[]): Promise<void> {
  const points = countArg(args, '--points');
  const messages = countArg(args, '--messages') ?? 60_000;
  const rows: BenchRow[] = [...(await measurePostgresStore(points === undefined ? {} : { points }))];
  const rounds = countArg(args, '--rounds') ?? 2;
  // Alternating 1 and 2 nodes, medians: one drain on a shared 2-core machine is noise.
  const runs: DrainResult[] = [];
  for (let r = 0; r < rounds; r++) for (const n of [1, 2]) runs.push(await measureDrain(n, messages));
  const rates = (n: number): number[] => runs.filter((r) => r.nodes === n).map((r) => r.rate);
  const one = median(rates(1));
  const two = median(rates(2));
  const lost = runs.filter((r) => r.stored !== r.messages);
  const list = (n: number): string =>
    rates(n)
      .map((x) => Math.round(x).toLocaleString('en-US'))
      .join(', ');
  rows.push({
    name: `${messages.toLocaleString('en-US')} stream messages (1 reading each) drained into PostgreSQL by 2 nodes`,
    value: two,
    unit: 'msgs/s',
    baseline: { name: '1 node, same stream, fresh database', value: one },
    ratio: two / one,
    goal: 'reported as measured (2 cores)',
    pass: lost.length === 0,
    notes:
      `medians of ${rounds} runs each (1 node: ${list(1)}; 2 nodes: ${list(2)} msgs/s); ` +
      `${lost.length === 0 ? 'every run stored every message once' : `${lost.length} runs did NOT store every message`}; ` +
      'nodes, PostgreSQL and nats-server share the same 2 cores, so a second node adds no CPU here',
  });
  printRows('cluster (PostgreSQL + NATS JetStream)', rows, args);
}
