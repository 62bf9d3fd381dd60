/** `copyIn`: rows arrive exactly, a refused COPY rejects with the server's error and leaves the client usable. */
import pg from 'pg';
import { expect, it } from 'vitest';
import { BinaryRows, copyIn, sendWithCopies } from './copy-in.js';
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

  it('copies binary rows exactly: int4, int8 across the 32-bit boundary and negative, float8 to the bit', async () => {
    const c = await client();
    try {
      await c.query('CREATE TABLE b (k int4 PRIMARY KEY, t int8 NOT NULL, v float8 NOT NULL)');
      const rows: Array<[number, number, number]> = [
        [0, 0, 0],
        [-2_147_483_648, -1, -0.1],
        [2_147_483_647, 4_294_967_296, 1.7976931348623157e308],
        [7, Number.MAX_SAFE_INTEGER, 5e-324],
        [8, Number.MIN_SAFE_INTEGER, 12345.678901234567],
        [9, -4_294_967_297, -1e-300],
      ];
      const out = new BinaryRows(rows.length * (2 + 8 + 12 + 12));
      for (const [k, t, v] of rows) {
        out.row(3);
        out.int4(k);
        out.int8(t);
        out.float8(v);
      }
      expect(await copyIn(c, 'COPY b (k, t, v) FROM STDIN (FORMAT binary)', out.finish())).toBe(rows.length);
      const got = await c.query<{ k: number; t: string; v: number }>('SELECT k, t::text AS t, v FROM b');
      const byKey = new Map(got.rows.map((r) => [r.k, [r.t, r.v]]));
      for (const [k, t, v] of rows) expect(byKey.get(k)).toEqual([String(t), v]);
    } finally {
      await c.end();
    }
  });

  it('sends several statements and COPYs in one message, each COPY taking its data in turn', async () => {
    const c = await client();
    try {
      await c.query('CREATE TABLE u (k int4 PRIMARY KEY)');
      const counts = await sendWithCopies(
        c,
        `INSERT INTO t VALUES (100, 1); COPY t (k, v) FROM STDIN; COPY u (k) FROM STDIN; UPDATE t SET v = v + 1 WHERE k = 100`,
        ['1\t1.5\n2\t2.5\n', '7\n8\n9\n'],
      );
      expect(counts).toEqual([2, 3]);
      expect((await c.query('SELECT k, v FROM t ORDER BY k')).rows).toEqual([
        { k: 1, v: 1.5 },
        { k: 2, v: 2.5 },
        { k: 100, v: 2 },
      ]);
      expect((await c.query('SELECT count(*)::int AS n FROM u')).rows[0]).toEqual({ n: 3 });
    } finally {
      await c.end();
    }
  });

  it('a message stops at its first error, and COPYs and data must match in number', async () => {
    const c = await client();
    try {
      await c.query('BEGIN');
      await expect(
        sendWithCopies(c, 'COPY t (k, v) FROM STDIN; INSERT INTO t VALUES (1, 0); COPY t (k, v) FROM STDIN', [
          '1\t1\n',
          '2\t2\n',
        ]),
      ).rejects.toMatchObject({ code: '23505' });
      await c.query('ROLLBACK');
      await expect(
        sendWithCopies(c, 'COPY t (k, v) FROM STDIN; COPY t (k, v) FROM STDIN', ['3\t3\n']),
      ).rejects.toThrow(/COPY/);
      await expect(sendWithCopies(c, 'SELECT 1 WHERE false', ['4\t4\n'])).rejects.toThrow(/fewer COPY/);
      await expect(sendWithCopies(c, 'COPY t (k, v) FROM STDIN', ['5\t5\n'])).resolves.toEqual([1]);
      expect((await c.query('SELECT k FROM t ORDER BY k')).rows).toEqual([{ k: 5 }]);
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
