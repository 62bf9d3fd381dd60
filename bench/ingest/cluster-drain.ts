/**
 * One node against two draining the same JetStream stream into PostgreSQL: `messages` readings
 * (one per message, as devices publish them, over 50 series) are loaded into a fresh stream, then
 * `xinzhi serve` nodes (child processes, the test's cluster harness) start on a fresh database and
 * the time until the shared consumer has nothing pending or unacknowledged is taken.
 *
 * Nodes start pulling before they print their URLs, one sooner than the other: so that the rate is
 * the one with every node running and not their start-up, the bench holds a SHARE lock on `points`
 * and the rollups (reads go on, writes wait) until the last node is up, then releases it and starts
 * the clock. The database is migrated beforehand and readings are stamped in the current month, so
 * nodes need no DDL on those tables while the lock is held.
 */
import pg from 'pg';
import { openPostgresStore } from '../../src/store/index.js';
import { type Cluster, preload, startCluster } from '../../test/integration/cluster.fixture.js';
import { createBenchDatabase } from './bench-db.js';

export interface DrainResult {
  readonly nodes: number;
  readonly messages: number;
  /** Messages drained with every node running, and the time they took. */
  readonly timed: number;
  readonly ms: number;
  readonly rate: number;
  /** Points in PostgreSQL afterwards (must equal `messages`). */
  readonly stored: number;
}

/** Loads the stream, starts `nodes` nodes on a fresh database, times the drain. */
export async function measureDrain(nodes: number, messages: number): Promise<DrainResult> {
  const db = await createBenchDatabase();
  const { url } = db;
  let cluster: Cluster | undefined;
  const gate = new pg.Client({ connectionString: url });
  try {
    await (await openPostgresStore(url)).close();
    // 50 series, one reading per second each, ending now: current month, partitions exist.
    const t0 = Math.floor(Date.now() / 1000) * 1000 - Math.ceil(messages / 50) * 1000;
    cluster = await startCluster({
      dbUrl: url,
      nodes,
      ackWaitMs: 120_000,
      extraArgs: (i) => ['--node-id', `bench${i}`],
    });
    await preload(cluster.nc, messages, (i) => ({
      subject: `xinzhi.v1.bench.line${i % 5}.m${Math.floor(i / 5) % 10}.temp`,
      payload: JSON.stringify({ ts: t0 + Math.floor(i / 50) * 1000, value: 60 + (i % 97) / 10 }),
    }));
    const c = cluster;
    await gate.connect();
    await gate.query('BEGIN');
    await gate.query('LOCK TABLE points, rollup_1m, rollup_1h IN SHARE MODE');
    await Promise.all(Array.from({ length: nodes }, (_, i) => c.start(i)));
    const at = await c.consumerState();
    const t = performance.now();
    await gate.query('COMMIT');
    const left = at.pending + at.ackPending;
    for (;;) {
      const s = await c.consumerState();
      if (s.pending === 0 && s.ackPending === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const ms = performance.now() - t;
    const stored = Number(
      (await c.sql<{ n: string }>('SELECT count(*) AS n FROM points'))[0]?.n ?? Number.NaN,
    );
    return { nodes, messages, timed: left, ms, rate: left / (ms / 1000), stored };
  } finally {
    await gate.end().catch(() => undefined);
    await cluster?.stop();
    await db.drop();
  }
}
