/**
 * Failed sign-ins slow an attacker down, per username and per client address: after a few free
 * failures each further one doubles a lockout (1 s, 2 s, 4 s … up to 15 min by default) during
 * which attempts are refused with 429 and Retry-After, without checking the password (so a
 * guessing run cannot keep the CPU busy with scrypt either). A success clears the username's
 * count, not the address's, so one valid account does not reset a spraying address. Failures are
 * forgotten after `windowMs` without a new one. Memory is bounded: the oldest entries go first.
 */
export interface LoginLimitOptions {
  /** Failures per username before lockouts start; default 5. */
  readonly freePerUser?: number;
  /** Failures per client address before lockouts start; default 20. */
  readonly freePerIp?: number;
  /** First lockout; default 1 s, doubling with each further failure. */
  readonly baseDelayMs?: number;
  /** Longest lockout; default 15 min. */
  readonly maxDelayMs?: number;
  /** A count is forgotten this long after its last failure; default 1 h. */
  readonly windowMs?: number;
  /** Most usernames and addresses tracked; default 10,000 each. */
  readonly maxEntries?: number;
}

interface Entry {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

class Counter {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly free: number,
    private readonly o: Required<LoginLimitOptions>,
  ) {}

  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && now - e.lastFailure > this.o.windowMs && now >= e.lockedUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  retryAfter(key: string, now: number): number {
    const e = this.live(key, now);
    return e && e.lockedUntil > now ? e.lockedUntil - now : 0;
  }

  fail(key: string, now: number): void {
    const e = this.live(key, now) ?? { failures: 0, lastFailure: now, lockedUntil: 0 };
    e.failures++;
    e.lastFailure = now;
    const over = e.failures - this.free;
    if (over > 0)
      e.lockedUntil = now + Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** Math.min(over - 1, 40));
    // Re-insert so Map order is least recently failed first, then trim the oldest.
    this.entries.delete(key);
    this.entries.set(key, e);
    while (this.entries.size > this.o.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  clear(key: string): void {
    this.entries.delete(key);
  }
}

export class LoginLimiter {
  private readonly users: Counter;
  private readonly ips: Counter;

  constructor(options: LoginLimitOptions = {}) {
    const o: Required<LoginLimitOptions> = {
      freePerUser: options.freePerUser ?? 5,
      freePerIp: options.freePerIp ?? 20,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 15 * 60_000,
      windowMs: options.windowMs ?? 60 * 60_000,
      maxEntries: options.maxEntries ?? 10_000,
    };
    this.users = new Counter(o.freePerUser, o);
    this.ips = new Counter(o.freePerIp, o);
  }

  /** Milliseconds until `username` may try again from `ip`; 0 when it may now. */
  retryAfterMs(username: string, ip: string, now: number): number {
    return Math.max(this.users.retryAfter(username.toLowerCase(), now), this.ips.retryAfter(ip, now));
  }

  fail(username: string, ip: string, now: number): void {
    this.users.fail(username.toLowerCase(), now);
    this.ips.fail(ip, now);
  }

  succeed(username: string): void {
    this.users.clear(username.toLowerCase());
  }
}
