import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runStoreConformance } from '../conformance.case.js';
import { openSqliteStore } from './sqlite-store.js';

runStoreConformance('sqlite :memory:', () => openSqliteStore(':memory:'));

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-store-'));
let n = 0;
let last = '';
runStoreConformance(
  'sqlite file',
  () => {
    last = join(dir, `t${n++}.db`);
    return openSqliteStore(last);
  },
  { reopen: () => openSqliteStore(last) },
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
