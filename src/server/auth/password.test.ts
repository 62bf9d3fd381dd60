import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, passwordProblem, verifyPassword } from './password.js';

const CHEAP = { N: 1024, r: 8, p: 1 };

describe('scrypt passwords', () => {
  it('hashes with a random salt and the parameters in the string, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery', CHEAP);
    const b = await hashPassword('correct horse battery', CHEAP);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
    expect(needsRehash(a)).toBe(true);
    expect(needsRehash(a, CHEAP)).toBe(false);
  });

  it('treats malformed or tampered stored hashes as a mismatch, never a throw or a huge allocation', async () => {
    const good = await hashPassword('correct horse battery', CHEAP);
    for (const stored of [
      '',
      'plain-text-password',
      good.replace('$1024$', '$1000$'),
      good.replace('$1024$', `$${2 ** 30}$`),
      good.slice(0, -5),
      `${good}$extra`,
      'scrypt$1024$8$1$$',
    ])
      expect(await verifyPassword('correct horse battery', stored)).toBe(false);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (s) => {
        expect(await verifyPassword('x', s)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses too short and too long passwords, counting characters not bytes', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('密码密码密码密码密码密码')).toBeUndefined();
    expect(passwordProblem('x'.repeat(1025))).toMatch(/at most 1024/);
    expect(passwordProblem(42)).toMatch(/string/);
  });
});
