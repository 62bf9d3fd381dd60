import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStoreFromOptions, resolveDbPath } from './open-store.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openStoreFromOptions', () => {
  it('resolves --db, then XINZHI_DB, then ./xinzhi.db', () => {
    expect(resolveDbPath({ db: 'a.db' }, { XINZHI_DB: 'b.db' })).toBe(resolve('a.db'));
    expect(resolveDbPath({}, { XINZHI_DB: 'b.db' })).toBe(resolve('b.db'));
    expect(resolveDbPath({}, {})).toBe(resolve('xinzhi.db'));
    expect(resolveDbPath({ db: ':memory:' }, {})).toBe(':memory:');
  });

  it('opens a file store that keeps data across reopen, and :memory:', async () => {
    const db = join(dir, 'x.db');
    const a = await openStoreFromOptions({ db });
    await a.upsertAsset({ id: 'site1' });
    await a.close();
    const b = await openStoreFromOptions({ db });
    expect((await b.getAsset('site1'))?.kind).toBe('site');
    await b.close();
    const m = await openStoreFromOptions({ db: ':memory:' });
    expect(await m.listAssets()).toEqual([]);
    await m.close();
  });
});
