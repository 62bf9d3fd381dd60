import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../../server/index.js';
import { openSqliteStore } from '../../../store/index.js';
import { runCli } from '../../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-cli-keys-'));
const db = join(dir, 'x.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli([...args, '--db', db]);

describe('xinzhi keys', () => {
  it('creates a key, printing the secret once and storing only its hash', async () => {
    const r = await cli('keys', 'create', '--role', 'viewer', '--name', 'dash', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { id: number; role: string; name: string; secret: string };
    expect(doc).toMatchObject({ role: 'viewer', name: 'dash' });
    expect(doc.secret).toMatch(/^xz_[A-Za-z0-9_-]{43}$/);
    const store = await openSqliteStore(db);
    try {
      const [k] = await store.listApiKeys();
      expect(k?.hash).toBe(hashApiKey(doc.secret));
    } finally {
      await store.close();
    }
    const list = JSON.parse((await cli('keys', 'list', '--json')).out) as { keys: object[] };
    expect(list.keys).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(doc.secret);
    expect(JSON.stringify(list)).not.toContain('hash');
  });

  it('revokes a key and rejects bad roles and ids with their exit codes', async () => {
    const created = JSON.parse((await cli('keys', 'create', '--role', 'operator', '--json')).out) as {
      id: number;
    };
    const rev = JSON.parse((await cli('keys', 'revoke', String(created.id), '--json')).out) as {
      revokedAt: number | null;
    };
    expect(rev.revokedAt).not.toBeNull();
    const badRole = await cli('keys', 'create', '--role', 'root', '--json');
    expect(badRole.code).toBe(2);
    expect(JSON.parse(badRole.out).error.field).toBe('--role');
    expect((await cli('keys', 'revoke', '999')).code).toBe(3);
  });

  it('creates scoped keys: operator limited to sites, device limited to an asset; orgs and sites', async () => {
    expect((await cli('orgs', 'create', 'acme', '--name', 'Acme', '--json')).code).toBe(0);
    const orgs = JSON.parse((await cli('orgs', 'list', '--json')).out) as { orgs: { id: string }[] };
    expect(orgs.orgs.map((o) => o.id)).toEqual(['acme', 'default']);
    for (const site of ['plant1', 'plant2'])
      expect((await cli('sites', 'set', site, '--org', 'acme')).code).toBe(0);
    const sites = JSON.parse((await cli('sites', 'list', '--org', 'acme', '--json')).out) as {
      sites: object[];
    };
    expect(sites.sites).toHaveLength(2);
    const op = await cli(
      'keys',
      'create',
      '--role',
      'operator',
      '--org',
      'acme',
      '--site',
      'plant1',
      '--site',
      'plant2',
      '--json',
    );
    expect(JSON.parse(op.out)).toMatchObject({
      role: 'operator',
      org: 'acme',
      sites: ['plant1', 'plant2'],
      asset: null,
    });
    const dev = await cli(
      'keys',
      'create',
      '--role',
      'device',
      '--org',
      'acme',
      '--asset',
      'plant1/press/line1',
      '--json',
    );
    expect(JSON.parse(dev.out)).toMatchObject({ role: 'device', org: 'acme', asset: 'plant1/press/line1' });
    const noAsset = await cli('keys', 'create', '--role', 'device', '--json');
    expect([noAsset.code, JSON.parse(noAsset.out).error.field]).toEqual([2, '--asset']);
    const foreign = await cli('keys', 'create', '--role', 'viewer', '--site', 'plant1', '--json');
    expect([foreign.code, JSON.parse(foreign.out).error.field]).toEqual([2, 'sites[0]']);
    expect((await cli('sites', 'set', 'p9', '--org', 'ghost')).code).toBe(3);
  });
});
