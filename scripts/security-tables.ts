/**
 * Prints (or with --write, puts into docs/security.md) the permission tables generated from the
 * role bundles and every route's declared permission.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { permissionTables, withTables } from '../src/server/auth/permission-table.js';
import { createTestApp } from '../src/server/test-app.fixture.js';
import { openSqliteStore } from '../src/store/index.js';

const store = await openSqliteStore(':memory:');
const tables = permissionTables(createTestApp(store).app);
await store.close();
if (process.argv.includes('--write')) {
  const path = join(import.meta.dirname, '..', 'docs', 'security.md');
  writeFileSync(path, withTables(readFileSync(path, 'utf8'), tables));
  console.log(`wrote the permission tables into ${path}`);
} else console.log(tables);
