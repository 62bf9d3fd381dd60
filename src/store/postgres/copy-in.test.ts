/** `copyIn`: rows arrive exactly, a refused COPY rejects with the server's error and leaves the client usable. */
import pg from 'pg';
import { expect, it } from 'vitest';
import { copyIn } from './copy-in.js';
import { withTestDatabase } from './test-database.fixture.js';

await withTestDatabase('copyIn (COPY FROM STDIN without a dependency)', (db) => {
  const client = async (): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const schema = db.schema();
    await c.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
    await c.query('CREATE TABLE t (k int4 PRIMARY KEY, v float8 NOT NULL)');
    return c;
  };

  it('copies every row, with doubles exact, and reports the count', async () => {
    const c = await client();
    try {
      const values = [0.1, -1e-300, 1.7976931348623157e308, 12345.678901234567, 5e-324];
      const n = await copyIn(c, 'COPY t (k, v) FROM STDIN', values.map((v, i) => `${i}\t${v}\n`).join(''));
      expect(n).toBe(values.length);
      const rows = (await c.query<{ k: number; v: number }>('SELECT k, v FROM t ORDER BY k')).rows;
      expect(rows.map((r) => r.v)).toEqual(values);
    } finally {
      await c.end();
    }
  });

  it('copies a batch larger than one CopyData chunk', async () => {
    const c = await client();
    try {
      const n = 40_000; // ~0.5 MB of text: two chunks
      const data = Array.from({ length: n }, (_, i) => `${i}\t${i / 7}\n`).join('');
      expect(await copyIn(c, 'COPY t (k, v) FROM STDIN', data)).toBe(n);
      expect((await c.query('SELECT count(*)::int AS n, sum(k)::int8 AS s FROM t')).rows[0]).toEqual({
        n,
        s: String(((n - 1) * n) / 2),
      });
    } finally {
      await c.end();
    }
  });

  it('rejects with the server error (bad value, duplicate key, unknown table) and the client goes on', async () => {
    const c = await client();
    try {
      await expect(copyIn(c, 'COPY t (k, v) FROM STDIN', '1\tnot-a-number\n')).rejects.toMatchObject({
        code: '22P02',
      });
      await expect(copyIn(c, 'COPY t (k, v) FROM STDIN', '1\t1\n1\t2\n')).rejects.toMatchObject({
        code: '23505',
      });
      await expect(copyIn(c, 'COPY nope (k) FROM STDIN', '1\n')).rejects.toMatchObject({ code: '42P01' });
      expect((await c.query('SELECT count(*)::int AS n FROM t')).rows[0]).toEqual({ n: 0 });
      expect(await copyIn(c, 'COPY t (k, v) FROM STDIN', '7\t7.5\n')).toBe(1);
    } finally {
      await c.end();
    }
  });
});
