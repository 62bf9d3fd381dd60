/**
 * The fleet and slotting pages in chromium against `xinzhi serve --demo`: the day's delivery plan
 * (made by the routing engine at startup) is drawn with its per-van table, the live van markers
 * update from the feed, and the slotting page computes an assignment from its example with a
 * saving. Screenshots in test/e2e/artifacts/. Skipped, saying so, when chromium is missing.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemoPage } from './browser-suite.js';
import { artifact, browserTestsRun, type DemoServer } from './harness.js';

describe.skipIf(!browserTestsRun())('fleet and slotting pages against the demo', () => {
  let server: DemoServer;
  let page: Page;
  const consoleErrors: string[] = [];

  useDemoPage(consoleErrors, {}, (o) => {
    ({ server, page } = o);
  });

  it("draws the demo's delivery plan and moves the live vans", async () => {
    await page.goto(`${server.url}#/fleet`);
    await page.getByRole('heading', { name: 'Delivery routes' }).waitFor();
    const rows = page.getByTestId('fleet-routes').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(6);
    await expect(page.getByText(/every window, capacity and shift respected/).count()).resolves.toBe(1);
    const map = page.getByTestId('fleet-map');
    await expect.poll(async () => Number(await map.getAttribute('data-vans')), { timeout: 15_000 }).toBe(6);
    const first = await map.getAttribute('data-live');
    // The trackers report every 5 s: within 15 s at least one van has a new position.
    await expect
      .poll(async () => (await map.getAttribute('data-live')) !== first, { timeout: 15_000 })
      .toBe(true);
    await page.screenshot({ path: artifact('fleet.png'), fullPage: true });
  }, 45_000);

  it('computes a slotting assignment from the example with a saving', async () => {
    await page.goto(`${server.url}#/slotting`);
    await page.getByRole('heading', { name: 'Warehouse slotting' }).waitFor();
    await page.getByRole('button', { name: 'Load an example' }).click();
    await page.getByRole('button', { name: 'Compute assignment' }).click();
    const saving = page.getByTestId('slotting-saving');
    await saving.waitFor({ timeout: 10_000 });
    const pct = Number(/\(([\d.]+) %\)/.exec((await saving.textContent()) ?? '')?.[1]);
    expect(pct).toBeGreaterThan(10);
    await page.screenshot({ path: artifact('slotting.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  }, 30_000);
});
