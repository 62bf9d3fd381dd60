import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Ledger, verifyBundle } from '../../ledger/index.js';
import { sampleEvent } from '../../ledger/test-support.fixture.js';
import { migrate } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `db${++n}.db`);
const modeOf = (p: string): number => statSync(p).mode & 0o777;
const warnings = (): { list: string[]; logger: { warn: (o: object | string, m?: string) => void } } => {
  const list: string[] = [];
  return { list, logger: { warn: (_o, m) => list.push(m ?? '') } };
};
/** Every byte xinzhi has on disk for this database (the file and its WAL, when there is one). */
const diskBytes = (path: string): Buffer =>
  Buffer.concat([path, `${path}-wal`].filter(existsSync).map((p) => readFileSync(p)));

async function orgWithSeed(path: string, opts = {}) {
  const store = await openSqliteStore(path, opts);
  const ledger = await Ledger.open({ store: store.ledger });
  const org = await ledger.createOrg('acme');
  const [key] = await store.ledger.keysOf(org.id);
  return { store, ledger, org, seed: key!.privateSeed! };
}

describe.skipIf(process.platform === 'win32')('database files are owner-only (0600)', () => {
  it('creates the database, its -wal and -shm with mode 0600 whatever the umask', async () => {
    const path = fresh();
    const umask = process.umask(0o022);
    try {
      const store = await openSqliteStore(path);
      await store.upsertAsset({ id: 'site1' });
      expect(modeOf(path)).toBe(0o600);
      expect(modeOf(`${path}-wal`)).toBe(0o600);
      expect(modeOf(`${path}-shm`)).toBe(0o600);
      await store.close();
    } finally {
      process.umask(umask);
    }
  });

  it('tightens an existing world-readable database and companions, and warns naming the file', async () => {
    const path = fresh();
    (await openSqliteStore(path)).close();
    writeFileSync(`${path}-wal`, '');
    chmodSync(path, 0o644);
    chmodSync(`${path}-wal`, 0o666);
    const w = warnings();
    const store = await openSqliteStore(path, { logger: w.logger });
    await store.upsertAsset({ id: 'site1' });
    expect(modeOf(path)).toBe(0o600);
    expect(modeOf(`${path}-wal`)).toBe(0o600);
    expect(w.list.join('\n')).toContain(`${path} was readable by other users (mode 644)`);
    expect(w.list.join('\n')).toContain(`${path}-wal was readable by other users (mode 666)`);
    await store.close();
  });

  it('an already private database opens without a warning', async () => {
    const path = fresh();
    (await openSqliteStore(path)).close();
    const w = warnings();
    (await openSqliteStore(path, { logger: w.logger })).close();
    expect(w.list).toEqual([]);
  });
});

describe('ledger private seeds are encrypted with a key outside the database', () => {
  it('the database bytes never hold the seed; the key file is 0600; signing works after reopen', async () => {
    const path = fresh();
    const a = await orgWithSeed(path);
    expect(a.seed).toHaveLength(32);
    await a.ledger.append('acme', [sampleEvent(1)]);
    await a.store.close();
    expect(diskBytes(path).includes(a.seed)).toBe(false);
    if (process.platform !== 'win32') expect(modeOf(`${path}.key`)).toBe(0o600);
    // The raw column holds a sealed value, not the 32-byte seed.
    const raw = new Database(path, { readonly: true });
    const stored = raw
      .prepare("SELECT private_seed FROM ledger_keys WHERE kind = 'org'")
      .pluck()
      .get() as Buffer;
    raw.close();
    expect(stored.length).toBeGreaterThan(32);
    expect(stored.includes(a.seed)).toBe(false);

    const store = await openSqliteStore(path);
    const ledger = await Ledger.open({ store: store.ledger });
    const [key] = await store.ledger.keysOf(a.org.id);
    expect(key!.privateSeed!.equals(a.seed)).toBe(true);
    const [r] = await ledger.append('acme', [sampleEvent(2)]);
    const check = verifyBundle(await ledger.prove(r!.index));
    expect(check.ok).toBe(true);
    await store.close();
  });

  it('a wrong key is refused at open, naming XINZHI_SECRET_KEY and --secret-key-file', async () => {
    const path = fresh();
    const a = await orgWithSeed(path);
    await a.store.close();
    const wrong = randomBytes(32).toString('hex');
    await expect(openSqliteStore(path, { secretKey: { key: wrong } })).rejects.toThrow(
      /not the key this database's ledger seeds were encrypted with.*XINZHI_SECRET_KEY.*--secret-key-file/,
    );
    const other = join(dir, 'other.key');
    writeFileSync(other, randomBytes(32).toString('base64'));
    const quiet = warnings().logger;
    await expect(openSqliteStore(path, { secretKey: { file: other }, logger: quiet })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      field: 'secretKey',
    });
  });

  it('a missing key file is an error and is never silently regenerated', async () => {
    const path = fresh();
    const a = await orgWithSeed(path);
    await a.store.close();
    rmSync(`${path}.key`);
    await expect(openSqliteStore(path)).rejects.toThrow(
      new RegExp(`key file ${path}\\.key does not exist.*XINZHI_SECRET_KEY`),
    );
    expect(existsSync(`${path}.key`)).toBe(false);
  });

  it('a malformed key is named', async () => {
    await expect(openSqliteStore(fresh(), { secretKey: { key: 'short' } })).rejects.toThrow(
      /XINZHI_SECRET_KEY\) is not a 32-byte key/,
    );
  });

  it('a key from the environment (hex or base64) works across reopen and creates no key file', async () => {
    const path = fresh();
    const key = randomBytes(32);
    const a = await orgWithSeed(path, { secretKey: { key: key.toString('hex') } });
    await a.store.close();
    expect(existsSync(`${path}.key`)).toBe(false);
    const store = await openSqliteStore(path, { secretKey: { key: key.toString('base64') } });
    expect((await store.ledger.keysOf(a.org.id))[0]!.privateSeed!.equals(a.seed)).toBe(true);
    await store.close();
  });

  it('seeds an older xinzhi stored in clear are encrypted on open and gone from the file', async () => {
    const path = fresh();
    const seed = randomBytes(32);
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    migrate(old, 1);
    old
      .prepare(
        `INSERT INTO ledger_keys (owner, key_id, kind, name, algorithm, public_key, private_seed, valid_from)
         VALUES ('org-1', 'abcd0123', 'org', 'acme', 1, ?, ?, 1)`,
      )
      .run(randomBytes(32), seed);
    old.close();
    expect(diskBytes(path).includes(seed)).toBe(true);

    const store = await openSqliteStore(path, { logger: warnings().logger });
    expect((await store.ledger.getKey('org-1', 'abcd0123'))!.privateSeed!.equals(seed)).toBe(true);
    await store.close();
    expect(diskBytes(path).includes(seed)).toBe(false);
  });

  it('a sealed seed moved to another organisation does not decrypt (bound to its owner)', async () => {
    const path = fresh();
    const a = await orgWithSeed(path);
    const b = await a.ledger.createOrg('beta');
    await a.store.close();
    const raw = new Database(path);
    const sealedA = raw
      .prepare('SELECT private_seed FROM ledger_keys WHERE owner = ?')
      .pluck()
      .get(a.org.id) as Buffer;
    raw.prepare('UPDATE ledger_keys SET private_seed = ? WHERE owner = ?').run(sealedA, b.id);
    raw.close();
    const store = await openSqliteStore(path);
    await expect(store.ledger.keysOf(b.id)).rejects.toThrow(/does not decrypt/);
    await store.close();
  });

  it(':memory: stores sign without any key file', async () => {
    const a = await orgWithSeed(':memory:');
    const [r] = await a.ledger.append('acme', [sampleEvent(1)]);
    expect(verifyBundle(await a.ledger.prove(r!.index)).ok).toBe(true);
    await a.store.close();
    expect(existsSync(':memory:.key')).toBe(false);
  });
});
