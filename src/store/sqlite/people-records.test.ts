import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-people-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit log in SQLite', () => {
  it('is append-only even for someone writing SQL to the file directly', async () => {
    const path = join(dir, 'audit.db');
    const store = await openSqliteStore(path);
    await store.appendAudit({ ts: 1, actorKind: 'user', actorName: 'ada', action: 'user.create' });
    await store.close();
    const db = new Database(path);
    try {
      expect(() => db.prepare("UPDATE audit_log SET actor_name = 'mallory'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      expect(db.prepare('SELECT actor_name FROM audit_log').pluck().all()).toEqual(['ada']);
    } finally {
      db.close();
    }
  });
});
