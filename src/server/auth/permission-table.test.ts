import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';
import { permissionTables, TABLES_BEGIN, TABLES_END, withTables } from './permission-table.js';

describe('permission tables in docs/security.md', () => {
  it('match the role bundles and every route’s declared permission (regenerate: npx tsx scripts/security-tables.ts --write)', async () => {
    const store = await openSqliteStore(':memory:');
    const tables = permissionTables(createTestApp(store).app);
    await store.close();
    expect(tables).not.toContain('UNDECLARED');
    expect(tables).toContain('`POST /points`');
    const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'security.md'), 'utf8');
    expect(withTables(doc, tables)).toBe(doc);
  });

  it('replaces only the generated block', () => {
    const doc = `a\n${TABLES_BEGIN}\nold\n${TABLES_END}\nb`;
    expect(withTables(doc, 'new')).toBe(`a\n${TABLES_BEGIN}\n\nnew\n\n${TABLES_END}\nb`);
    expect(() => withTables('no markers', 'x')).toThrow(/markers/);
  });
});
