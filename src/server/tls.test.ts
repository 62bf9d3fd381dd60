import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTls, readPemFile, warnIfShared } from './tls.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-tls-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TLS material checks (certificates themselves: test/integration/tls.test.ts)', () => {
  it('names the flag of an unreadable file', () => {
    expect(() => readPemFile(join(dir, 'missing.pem'), '--tls-key')).toThrowError(
      expect.objectContaining({ code: 'BAD_INPUT', field: '--tls-key' }),
    );
  });

  it.each([
    ['', '--tls-cert'],
    ['-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n', '--tls-cert'],
  ])('refuses certificate %j naming %s', (cert, field) => {
    expect(() => checkTls({ cert, key: 'x' }, { warn: () => undefined })).toThrowError(
      expect.objectContaining({ field }),
    );
  });

  it.skipIf(process.platform === 'win32')(
    'warns when the key file is readable by others, not when it is 0600',
    () => {
      const key = join(dir, 'server.key');
      writeFileSync(key, 'k');
      const seen: string[] = [];
      const logger = { warn: (_o: object | string, m?: string) => void seen.push(m ?? '') };
      chmodSync(key, 0o600);
      warnIfShared(key, '--tls-key', logger);
      expect(seen).toEqual([]);
      chmodSync(key, 0o644);
      warnIfShared(key, '--tls-key', logger);
      expect(seen).toEqual([`--tls-key ${key} is readable by other users (mode 644); chmod 600 it`]);
    },
  );
});
