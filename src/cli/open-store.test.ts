import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  it('takes the ledger key from --secret-key-file, else $XINZHI_SECRET_KEY, else <db>.key', async () => {
    const seedOf = async (store: Awaited<ReturnType<typeof openStoreFromOptions>>) => {
      await store.ledger.migrate();
      await store.ledger.putKey({
        owner: 'o',
        keyId: '00000001',
        kind: 'org',
        name: 'o',
        algorithm: 1,
        publicKey: Buffer.alloc(32),
        privateSeed: Buffer.alloc(32, 7),
        validFrom: 0,
        validUntil: null,
      });
      await store.close();
    };
    const env = { XINZHI_SECRET_KEY: randomBytes(32).toString('hex') };
    const viaEnv = join(dir, 'env.db');
    await seedOf(await openStoreFromOptions({ db: viaEnv }, {}, env));
    expect(existsSync(`${viaEnv}.key`)).toBe(false);
    await expect(openStoreFromOptions({ db: viaEnv }, {}, {})).rejects.toThrow(/XINZHI_SECRET_KEY/);
    const reopened = await openStoreFromOptions({ db: viaEnv }, {}, env);
    expect((await reopened.ledger.getKey('o', '00000001'))?.privateSeed).toEqual(Buffer.alloc(32, 7));
    await reopened.close();

    const keyFile = join(dir, 'flag.key');
    writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
    const viaFlag = join(dir, 'flag.db');
    // The flag wins over the environment.
    await seedOf(await openStoreFromOptions({ db: viaFlag, secretKeyFile: keyFile }, {}, env));
    await expect(openStoreFromOptions({ db: viaFlag }, {}, env)).rejects.toThrow(/not the key/);
    (await openStoreFromOptions({ db: viaFlag, secretKeyFile: keyFile }, {}, {})).close();

    const viaDefault = join(dir, 'default.db');
    await seedOf(await openStoreFromOptions({ db: viaDefault }, {}, {}));
    expect(existsSync(`${viaDefault}.key`)).toBe(true);
  });
});
