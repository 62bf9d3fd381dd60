import { afterAll, describe, expect, it } from 'vitest';
import { ed25519FromSeed, ed25519Verify } from './ed25519.js';
import { SignPool } from './sign-pool.js';

describe('SignPool', () => {
  const pool = new SignPool(1);
  afterAll(() => pool.close());

  it('returns the same deterministic Ed25519 signatures as signing inline, in order', async () => {
    const key = ed25519FromSeed(Buffer.alloc(32, 3));
    const messages = Array.from({ length: 50 }, (_, i) => Buffer.from(`message ${i}`));
    const [a, b] = await Promise.all([
      pool.sign(key.seed, messages.slice(0, 25)),
      pool.sign(key.seed, messages.slice(25)),
    ]);
    const sigs = [...a!, ...b!];
    expect(sigs).toHaveLength(50);
    for (const [i, s] of sigs.entries())
      expect(ed25519Verify(key.privateKeyObject, messages[i]!, s)).toBe(true);
  });

  it('rejects after close instead of hanging', async () => {
    const p = new SignPool(1);
    await p.close();
    await expect(p.sign(Buffer.alloc(32), [Buffer.from('x')])).rejects.toThrow(/closed/);
  });
});
