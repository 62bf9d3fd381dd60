import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limiter.js';

describe('failed sign-in limits', () => {
  it('locks a username out after the free failures, doubling the wait, and a success clears it', () => {
    const l = new LoginLimiter({ freePerUser: 3, baseDelayMs: 1000 });
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) l.fail('Ada', `10.0.0.${i}`, t);
    expect(l.retryAfterMs('ada', '10.0.0.9', t)).toBe(0);
    l.fail('ada', '10.0.0.9', t);
    expect(l.retryAfterMs('ADA', '10.0.0.10', t)).toBe(1000);
    l.fail('ada', '10.0.0.9', t + 1000);
    expect(l.retryAfterMs('ada', '10.0.0.10', t + 1000)).toBe(2000);
    l.fail('ada', '10.0.0.9', t + 3000);
    expect(l.retryAfterMs('ada', '10.0.0.10', t + 3000)).toBe(4000);
    expect(l.retryAfterMs('bob', '10.0.0.10', t + 3000)).toBe(0);
    l.succeed('ada');
    expect(l.retryAfterMs('ada', '10.0.0.10', t + 3000)).toBe(0);
  });

  it('limits an address spraying many usernames, caps the wait and forgets after the window', () => {
    const l = new LoginLimiter({ freePerIp: 2, maxDelayMs: 5000, windowMs: 60_000 });
    const t = 0;
    for (let i = 0; i < 10; i++) l.fail(`user${i}`, '192.0.2.1', t);
    expect(l.retryAfterMs('someone-else', '192.0.2.1', t)).toBe(5000);
    expect(l.retryAfterMs('someone-else', '192.0.2.2', t)).toBe(0);
    expect(l.retryAfterMs('someone-else', '192.0.2.1', t + 5000)).toBe(0);
    // A window after the last failure the count is forgotten: one failure is free again.
    l.fail('x', '192.0.2.1', t + 61_000);
    expect(l.retryAfterMs('y', '192.0.2.1', t + 61_000)).toBe(0);
  });

  it('keeps memory bounded', () => {
    const l = new LoginLimiter({ maxEntries: 100, freePerUser: 0 });
    for (let i = 0; i < 10_000; i++) l.fail(`u${i}`, `ip${i}`, 0);
    expect(l.retryAfterMs('u0', 'x', 0)).toBe(0);
    expect(l.retryAfterMs('u9999', 'x', 0)).toBeGreaterThan(0);
  });
});
