/**
 * The exit-code table (README.md, "Command line", EXIT_CODES in src/core/errors.ts) on real commands:
 * 0 ok, 1 internal, 2 bad input or usage, 3 not found or no result, 4 access, 5 conflict.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { exitCodeOf } from '../core/index.js';
import { runCli } from './run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

describe('exit codes', () => {
  it('maps error codes to the documented table', () => {
    expect(exitCodeOf('BAD_INPUT')).toBe(2);
    expect(exitCodeOf('INGEST_BAD_VALUE')).toBe(2);
    expect(exitCodeOf('NOT_FOUND')).toBe(3);
    expect(exitCodeOf('INFEASIBLE')).toBe(3);
    expect(exitCodeOf('UNBOUNDED')).toBe(3);
    expect(exitCodeOf('FORBIDDEN')).toBe(4);
    expect(exitCodeOf('CONFLICT')).toBe(5);
    expect(exitCodeOf('INTERNAL')).toBe(1);
  });

  it('exits 2 when an import rejects every row, 0 when some are accepted', async () => {
    const db = join(dir, 'imp.db');
    const bad = join(dir, 'all-bad.csv');
    // Numbers, but none finite: every reading is quarantined.
    writeFileSync(bad, 'time,temp\n2024-06-01T08:00:00Z,1e999\n2024-06-01T08:01:00Z,-1e999\n');
    const r = await runCli(['import', bad, '--asset', 'plant/l1', '--db', db, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).accepted).toBe(0);
    expect(r.err).toMatch(/every row was rejected/);
    // A column of text only is refused before anything is recorded, also with exit 2.
    const text = join(dir, 'all-text.csv');
    writeFileSync(text, 'time,temp\n2024-06-01T08:00:00Z,abc\n2024-06-01T08:01:00Z,n/a\n');
    const t = await runCli(['import', text, '--asset', 'plant/l1', '--db', db, '--json']);
    expect(t.code).toBe(2);
    expect(JSON.parse(t.out).error.message).toMatch(/no numeric column/);
    const good = join(dir, 'some-good.csv');
    writeFileSync(
      good,
      'time,temp\n2024-06-01T08:00:00Z,20\n2024-06-01T08:01:00Z,21\n2024-06-01T08:02:00Z,abc\n',
    );
    expect((await runCli(['import', good, '--asset', 'plant/l1', '--db', db])).code).toBe(0);
  });

  it('prints one JSON problem document for usage errors under --json, exit 2', async () => {
    const unknown = await runCli(['series', 'list', '--json', '--no-such-flag']);
    expect(unknown.code).toBe(2);
    const doc = JSON.parse(unknown.out);
    expect(doc.error).toMatchObject({ code: 'BAD_INPUT', field: '--no-such-flag' });
    const missing = await runCli(['solve', '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.out).error.message).toMatch(/missing required argument 'model'/);
    const plain = await runCli(['solve']);
    expect(plain.code).toBe(2);
    expect(plain.out).toBe('');
    expect(plain.err).toMatch(/missing required argument/);
  });

  it('names --db for a missing folder and for a PostgreSQL URL, without a stack', async () => {
    const r1 = await runCli(['import', join(dir, 'x.csv'), '--db', join(dir, 'nodir', 'x.db'), '--json']);
    expect(r1.code).toBe(2);
    expect(JSON.parse(r1.out).error).toMatchObject({ field: '--db' });
    expect(r1.err).toMatch(/--db .*nodir.* does not exist/);
    expect(r1.err).not.toMatch(/TypeError|\n\s+at /);
    // Port 1: nothing listens, so the connection is refused at once.
    const r2 = await runCli(['series', 'list', '--db', 'postgres://u:secret@127.0.0.1:1/xz', '--json']);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/--db postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/xz: cannot be opened/);
    expect(r2.err + r2.out).not.toContain('secret');
    const r3 = await runCli(['series', 'list', '--db', 'mysql://u:secret@localhost/xz', '--json']);
    expect(r3.code).toBe(2);
    expect(r3.err).toMatch(/--db mysql:\/\/…: 'mysql:\/\/' databases are not supported/);
    expect(r3.err + r3.out).not.toContain('secret');
  });

  it.each([
    ['query', '--series', 'a/b'],
    ['quality'],
    ['series', 'list'],
    ['quarantine', 'list'],
    ['forecast', '--series', 'a/b'],
  ])('read command %s refuses a missing database (exit 3) and does not create it', async (...args) => {
    const db = join(dir, `typo-${args[0]}.db`);
    const r = await runCli([...args, '--db', db, '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out).error).toMatchObject({ code: 'NOT_FOUND', field: '--db' });
    expect(existsSync(db)).toBe(false);
  });

  it('lets write commands create a new database', async () => {
    const db = join(dir, 'new.db');
    const csv = join(dir, 'ok.csv');
    writeFileSync(csv, 'time,temp\n2024-06-01T08:00:00Z,20\n');
    expect((await runCli(['import', csv, '--asset', 'p/l', '--db', db])).code).toBe(0);
    expect(existsSync(db)).toBe(true);
    expect((await runCli(['series', 'list', '--db', db])).code).toBe(0);
  });
});
