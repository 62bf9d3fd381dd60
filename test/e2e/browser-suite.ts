/**
 * The vitest side of the browser tests (kept out of harness.ts, which the dashboard bench imports
 * without vitest): hooks that open the demo server and a page before a suite and close both after.
 */
import { afterAll, beforeAll } from 'vitest';
import { type DemoPage, type DemoServerOptions, openDemoPage } from './harness.js';

/**
 * Registers beforeAll/afterAll for `openDemoPage(errors, options)`; `opened` receives the server and
 * page once they are up (the suite keeps them in its own variables).
 */
export function useDemoPage(
  errors: string[],
  options: DemoServerOptions,
  opened: (o: DemoPage) => void,
): void {
  let session: DemoPage | undefined;
  beforeAll(async () => {
    session = await openDemoPage(errors, options);
    opened(session);
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });
}
