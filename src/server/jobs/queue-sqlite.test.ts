import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore } from '../../store/index.js';
import { jobQueueConformance } from './queue.case.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-jobs-'));
let n = 0;
let last = '';
jobQueueConformance('SQLite file', {
  open: () => {
    last = join(dir, `j${n++}.db`);
    return openSqliteStore(last);
  },
  again: () => openSqliteStore(last),
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
