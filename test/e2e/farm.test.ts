/**
 * The farm page in chromium against `xinzhi serve --demo`. The live demo replays minutes, but
 * FAO-56 needs whole days and the degree-day count weeks, so the database is first seeded with
 * 40 days of the same farm model (15-minute samples, written straight into the store) and the
 * demo's default field settings; `serve --demo` then runs on that file, checks the pest models at
 * start (raising the BYDV T-sum alarm) and keeps publishing. Saves test/e2e/artifacts/farm.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionFarmFields, seedFarmHistory } from '../../src/demo/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import {
  artifact,
  type Browser,
  CHROMIUM,
  type DemoServer,
  ensureWebBuild,
  hasChromium,
  launchBrowser,
  startDemoServer,
} from './harness.js';

const DAY = 86_400_000;

if (!hasChromium()) console.warn(`[e2e] farm skipped: no chromium at ${CHROMIUM}`);

describe.skipIf(!hasChromium())('farm page in chromium against serve --demo', () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'xinzhi-farm-e2e-'));
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    const db = join(dir, 'farm.db');
    const now = Date.now();
    const demoStart = now - 15 * 60_000;
    const store = await openSqliteStore(db);
    const hourAligned = Math.floor((now - 40 * DAY) / 3_600_000) * 3_600_000;
    await seedFarmHistory(store, { start: hourAligned, end: demoStart, intervalMs: 15 * 60_000 });
    await provisionFarmFields(store, demoStart);
    await store.close();
    server = await startDemoServer({ db });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the fields, depletion vs RAW/TAW, the schedule, ET0 and the degree days with the pest alarm', async () => {
    await page.goto(`${server.url}/#/farm`);
    await page.getByRole('heading', { name: 'Farm: water and pests' }).waitFor();
    await expect.poll(async () => page.getByTestId('farm-field-tab').count(), { timeout: 15_000 }).toBe(3);
    const depletion = page.getByTestId('farm-depletion');
    await depletion.waitFor({ timeout: 20_000 });
    const mm = Number((await depletion.textContent())?.replace(/[^\d.]/g, ''));
    expect(mm).toBeGreaterThanOrEqual(0);
    const et0 = Number((await page.getByTestId('farm-et0').textContent())?.replace(/[^\d.]/g, ''));
    // Late-autumn Suzhou: a fraction of a millimetre to a few millimetres a day.
    expect(et0).toBeGreaterThan(0.2);
    expect(et0).toBeLessThan(6);
    await page.getByTestId('farm-water-chart').waitFor();
    await page.getByTestId('farm-et-chart').waitFor();
    expect(
      (await page.getByTestId('farm-schedule').count()) +
        (await page.getByTestId('farm-no-irrigation').count()),
    ).toBe(1);
    await page.getByTestId('farm-dd-chart').waitFor();
    await expect
      .poll(async () => (await page.getByTestId('farm-alarms').textContent()) ?? '', { timeout: 10_000 })
      .toContain('second generation of wingless aphids');
    await page.screenshot({ path: artifact('farm.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
});
