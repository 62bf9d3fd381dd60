/**
 * Polls `f` every `pollMs` until it gives a value, for tests waiting on a server or a connection
 * (a guard against hanging, not a timing assertion).
 */
export async function until<T>(f: () => Promise<T | undefined>, ms: number, pollMs: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
