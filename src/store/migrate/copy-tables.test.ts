import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../sqlite/migrations.js';
import { COPY_TABLES, q, REBUILT_ON_TARGET, unknownTables } from './copy-tables.js';

describe('the tables db migrate copies', () => {
  it('name every table of a fully migrated SQLite store (a new migration cannot be left behind)', () => {
    const db = new Database(':memory:');
    migrate(db, 0);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all() as string[];
    db.close();
    expect(unknownTables(tables)).toEqual([]);
    const copied = new Set(COPY_TABLES.map((t) => t.name));
    expect(tables.filter((t) => !copied.has(t) && !REBUILT_ON_TARGET.has(t)).sort()).toEqual([
      'schema_migrations',
      'sqlite_sequence',
    ]);
  });

  it('reports a table it does not know, and skips SQLite bookkeeping', () => {
    expect(unknownTables(['points', 'alarms_v9', 'sqlite_stat1', 'schema_migrations'])).toEqual([
      'alarms_v9',
    ]);
  });

  it('copies parents before what references them', () => {
    const at = (n: string) => COPY_TABLES.findIndex((t) => t.name === n);
    expect(at('orgs')).toBeLessThan(at('sites'));
    expect(at('assets')).toBeLessThan(at('series'));
    expect(at('series')).toBeLessThan(at('series_counters'));
    expect(at('users')).toBeLessThan(at('sessions'));
    expect(at('api_keys')).toBeLessThan(at('sessions'));
    expect(at('ledger_meta')).toBeLessThan(at('ledger_keys'));
  });

  it('quotes identifiers, doubling embedded quotes', () => {
    expect(q('rows')).toBe('"rows"');
    expect(q('a"b')).toBe('"a""b"');
  });
});
