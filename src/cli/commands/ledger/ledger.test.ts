import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../run-cli.fixture.js';

let dir: string;
async function run(...args: string[]): Promise<{ code: number; json: unknown; text: string }> {
  const { out, code } = await runCli(args);
  // runCli ends every printed chunk with a newline; the chunks joined by newlines is that minus the last.
  const text = out.endsWith('\n') ? out.slice(0, -1) : out;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { code, json, text };
}

const event = (serial: number) =>
  JSON.stringify({
    type: 'ObjectEvent',
    eventTime: '2024-05-01T08:00:00Z',
    eventTimeZoneOffset: '+00:00',
    epcList: [`urn:epc:id:sgtin:4012345.011111.${serial}`],
    action: 'OBSERVE',
    bizStep: 'shipping',
  });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xinzhi-ledger-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('xinzhi ledger', () => {
  it('org create → append → prove → verify → audit, then catches tampering', async () => {
    const db = join(dir, 'x.db');
    const org = await run('ledger', 'org', 'create', 'acme', '--db', db, '--json');
    expect(org.json).toMatchObject({ name: 'acme', public_key: expect.stringMatching(/^acme\+/) });
    for (const i of [1, 2, 3]) {
      writeFileSync(join(dir, `e${i}.jsonld`), event(i));
      const a = await run(
        'ledger',
        'append',
        '--org',
        'acme',
        join(dir, `e${i}.jsonld`),
        '--db',
        db,
        '--json',
      );
      expect(a.json).toMatchObject({ index: i - 1, leaf_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    const cp = await run('ledger', 'checkpoint', '--db', db, '--json');
    expect(cp.json).toMatchObject({ size: 3 });
    const proof = await run('ledger', 'prove', '--index', '1', '--db', db, '--json');
    expect(proof.json).toMatchObject({ index: 1, tree_size: 3 });
    writeFileSync(join(dir, 'b.json'), proof.text);
    expect((await run('ledger', 'verify', join(dir, 'b.json'))).code).toBe(0);
    writeFileSync(join(dir, 'bad.json'), proof.text.replace('"index": 1', '"index": 2'));
    expect((await run('ledger', 'verify', join(dir, 'bad.json'))).code).toBe(1);
    expect((await run('ledger', 'audit', '--db', db, '--json')).json).toMatchObject({ ok: true, entries: 3 });

    const raw = new Database(db);
    raw.prepare('DELETE FROM ledger_entries WHERE idx = 1').run();
    raw.close();
    const audit = await run('ledger', 'audit', '--db', db, '--json');
    expect(audit.code).toBe(1);
    expect(audit.json).toMatchObject({ ok: false, first: { index: 1, kind: 'deleted' } });
  });

  it('rejects a malformed event file naming the field, and an unknown org', async () => {
    const db = join(dir, 'x.db');
    await run('ledger', 'org', 'create', 'acme', '--db', db);
    writeFileSync(join(dir, 'bad.jsonld'), JSON.stringify({ ...JSON.parse(event(1)), eventTime: 'soon' }));
    const bad = await run('ledger', 'append', '--org', 'acme', join(dir, 'bad.jsonld'), '--db', db, '--json');
    expect(bad.code).toBe(2);
    expect(bad.json).toMatchObject({ error: { code: 'BAD_INPUT', field: 'eventTime' } });
    writeFileSync(join(dir, 'ok.jsonld'), event(1));
    expect((await run('ledger', 'append', '--org', 'nope', join(dir, 'ok.jsonld'), '--db', db)).code).toBe(3);
  });

  it('refuses to append the same file twice (exit 5), and prints the log verifier key', async () => {
    const db = join(dir, 'x.db');
    await run('ledger', 'org', 'create', 'acme', '--db', db);
    const f = join(dir, 'one.jsonld');
    writeFileSync(f, JSON.stringify({ ...JSON.parse(event(7)), eventID: 'urn:uuid:7' }));
    expect((await run('ledger', 'append', '--org', 'acme', f, '--db', db)).code).toBe(0);
    const again = await run('ledger', 'append', '--org', 'acme', f, '--db', db, '--json');
    expect(again.code).toBe(5);
    expect(again.json).toMatchObject({ error: { code: 'CONFLICT' } });
    expect((again.json as { error: { message: string } }).error.message).toMatch(
      /eventID urn:uuid:7\) is already in the log at index 0/,
    );
    expect((await run('ledger', 'audit', '--db', db, '--json')).json).toMatchObject({ ok: true, entries: 1 });
    const key = await run('ledger', 'key', '--db', db, '--json');
    expect(key.code).toBe(0);
    const k = key.json as { origin: string; verifier_key: string };
    expect(k.verifier_key.startsWith(`${k.origin}+`)).toBe(true);
    expect((await run('ledger', 'key', '--db', db)).text).toBe(k.verifier_key);
  });

  it('--secret-key-file keeps the signing key outside the database; a wrong one is refused by name', async () => {
    const db = join(dir, 'x.db');
    const keyFile = join(dir, 'ledger.key');
    writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    await run('ledger', 'org', 'create', 'acme', '--db', db, '--secret-key-file', keyFile);
    expect(existsSync(`${db}.key`)).toBe(false);
    writeFileSync(join(dir, 'ok.jsonld'), event(1));
    const append = [
      'ledger',
      'append',
      '--org',
      'acme',
      join(dir, 'ok.jsonld'),
      '--db',
      db,
      '--secret-key-file',
    ];
    const ok = await run(...append, keyFile, '--json');
    expect(ok.code).toBe(0);
    const other = join(dir, 'other.key');
    writeFileSync(other, randomBytes(32).toString('hex'), { mode: 0o600 });
    const bad = await runCli([...append, other]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/key file .*other\.key is not the key .*--secret-key-file/);
    // Without the flag, the default <db>.key does not exist: an error, not a fresh key.
    const none = await runCli(['ledger', 'org', 'list', '--db', db]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/x\.db\.key does not exist/);
    expect(existsSync(`${db}.key`)).toBe(false);
  });
});
