/**
 * A throwaway PostgreSQL database for one benchmark run, on the server of $XINZHI_BENCH_PG_URL
 * (default postgres://postgres@127.0.0.1:5432/test); `drop()` removes it, connections and all.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const URL_BASE = process.env['XINZHI_BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: URL_BASE });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `xinzhi_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(URL_BASE);
  u.pathname = `/${name}`;
  return { name, url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
