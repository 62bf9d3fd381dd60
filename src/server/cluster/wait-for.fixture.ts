/**
 * Waiting in cluster tests: polls a condition (sync or async) until it holds or the deadline passes,
 * so tests on real NATS servers wait on outcomes, never on fixed sleeps.
 */
export async function waitFor(
  what: string,
  cond: () => boolean | Promise<boolean>,
  ms = 10_000,
): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
