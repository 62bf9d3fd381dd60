import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../server/index.js';
import { openSqliteStore } from '../../../store/index.js';
import { runCli } from '../../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-cli-users-'));
const db = join(dir, 'x.db');
const pw = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, `${text}\n`, { mode: 0o600 });
  return p;
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli([...args, '--db', db]);

describe('xinzhi users', () => {
  it('creates a user with a scrypt hash from a password file, lists, disables, enables and changes the password', async () => {
    const r = await cli(
      'users',
      'create',
      'ada',
      '--role',
      'admin',
      '--site',
      'plant1',
      '--password-file',
      pw('a', 'a long first password'),
      '--json',
    );
    expect(r.code).toBe(0);
    const u = JSON.parse(r.out) as { id: number; username: string; role: string; sites: string[] };
    expect(u).toMatchObject({ username: 'ada', role: 'admin', sites: ['plant1'] });
    expect(r.out).not.toContain('scrypt');
    const list = await cli('users', 'list');
    expect(list.out).toContain('ada');
    expect((await cli('users', 'disable', 'ada', '--json')).code).toBe(0);
    expect((await cli('users', 'list')).out).toContain('DISABLED');
    expect((await cli('users', 'enable', 'ada')).code).toBe(0);
    expect(
      (await cli('users', 'passwd', 'ada', '--password-file', pw('b', 'a long second password'))).code,
    ).toBe(0);
    const store = await openSqliteStore(db);
    try {
      const stored = await store.findUserByName('ada');
      expect(stored?.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
      expect(await verifyPassword('a long second password', stored?.passwordHash as string)).toBe(true);
      const trail = (await store.listAudit({ action: 'user.' })).map((a) => a.action);
      expect(trail).toEqual(['user.password', 'user.enable', 'user.disable', 'user.create']);
      expect((await store.listAudit({ limit: 1 }))[0]?.actorKind).toBe('cli');
    } finally {
      await store.close();
    }
  });

  it('xinzhi audit shows the CLI changes as table, JSON and formula-safe CSV', async () => {
    const table = await cli('audit', '--action', 'user.');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/cli:\S+\s+user\.create/);
    const json = JSON.parse((await cli('audit', '--json', '--limit', '2')).out) as {
      records: Array<{ action: string }>;
    };
    expect(json.records.map((r) => r.action)).toEqual(['user.password', 'user.enable']);
    const csv = (await cli('audit', '--format', 'csv')).out;
    expect(csv.split('\r\n')[0]).toContain('actorName');
    expect((await cli('audit', '--format', 'xml')).code).toBe(2);
    expect((await cli('audit', '--from', 'yesterday-ish')).code).toBe(2);
  });

  it('refuses short passwords, bad roles and unknown users with their exit codes', async () => {
    const short = await cli(
      'users',
      'create',
      'bob',
      '--role',
      'viewer',
      '--password-file',
      pw('c', 'short'),
      '--json',
    );
    expect(short.code).toBe(2);
    expect(JSON.parse(short.out).error.field).toBe('password');
    expect(
      (
        await cli(
          'users',
          'create',
          'bob',
          '--role',
          'root',
          '--password-file',
          pw('d', 'long enough password'),
        )
      ).code,
    ).toBe(2);
    expect((await cli('users', 'disable', 'nobody')).code).toBe(3);
  });
});
