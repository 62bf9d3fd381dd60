/**
 * A throwaway PostgreSQL database for one test file: `CREATE DATABASE xinzhi_test_<random>` on
 * first use, one fresh schema per store opened in it, `DROP DATABASE … WITH (FORCE)` after the
 * file. The server is $XINZHI_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
 *
 * Reachability decides how the file runs: with CI set, an unreachable server is a failing test
 * with a clear message (CI must never go green without PostgreSQL); without CI it is a skip with
 * the same message, so a laptop without PostgreSQL still runs the rest of the suite.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';

export const TEST_PG_URL = process.env['XINZHI_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL of `base` with another database name. */
function withDatabase(base: string, db: string): string {
  const u = new URL(base);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Why the server cannot be used, or undefined when it answers. */
export async function pgProblem(url = TEST_PG_URL): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await c.end().catch(() => {});
  }
}

/** CI=true (or any value but empty, 0 and false) makes a missing server a failure. */
const inCi = (): boolean => !['', '0', 'false'].includes((process.env['CI'] ?? '').trim().toLowerCase());

export interface TestDatabase {
  /** URL of the file's own database. */
  readonly url: string;
  /** A new schema name, unique in the file's database. */
  schema(): string;
}

/**
 * Runs `body` with the file's database when PostgreSQL answers; otherwise fails (CI) or skips.
 * Call at the top level of a test file.
 */
export async function withTestDatabase(title: string, body: (db: TestDatabase) => void): Promise<void> {
  const problem = await pgProblem();
  if (problem !== undefined) {
    const message = `PostgreSQL is not reachable at ${new URL(TEST_PG_URL).host} (${problem}); start it (.ci/run does) or set XINZHI_TEST_PG_URL`;
    describe(title, () => {
      if (inCi())
        it('needs PostgreSQL', () => {
          throw new Error(message);
        });
      else it.skip(`skipped: ${message}`, () => {});
    });
    return;
  }
  const name = `xinzhi_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  let n = 0;
  afterAll(async () => {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await c.end();
    }
  });
  body({ url: withDatabase(TEST_PG_URL, name), schema: () => `s${n++}` });
}
