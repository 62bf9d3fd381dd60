/**
 * The planning and staffing pages in a real browser against a real server: load the example plan,
 * solve it (on the server's solver worker), see the Gantt chart and a shadow-price sentence, run a
 * what-if that adds hours where capacity binds and see the side-by-side comparison; then staff
 * shifts from typed arrivals and from a stored series forecast. Screenshots go to
 * test/e2e/artifacts/. Skipped, saying so, when chromium is not installed.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerHandle } from '../../src/server/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { artifact, type BrowserPage, browserTestsRun, openPage, startApiServer } from './harness.js';

const HOUR = 3_600_000;

describe.skipIf(!browserTestsRun())('planning and staffing pages in chromium', () => {
  let store: Store;
  let server: ServerHandle;
  let page: Page;
  let opened: BrowserPage | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    store = await openSqliteStore(':memory:');
    // Three weeks of hourly call counts at a service desk: busy by day, quiet at night.
    await store.upsertSeries({ assetId: 'site/desk', metric: 'calls', unit: 'count' });
    const now = Date.now();
    const points = [];
    for (let h = 21 * 24; h > 0; h--) {
      const ts = Math.floor(now / HOUR) * HOUR - h * HOUR;
      const hour = new Date(ts).getUTCHours();
      points.push({
        seriesId: 'site/desk/calls',
        ts,
        value: hour >= 8 && hour < 16 ? 90 : hour >= 16 ? 40 : 8,
      });
    }
    await store.writePoints(points);
    server = await startApiServer(store);
    opened = await openPage(pageErrors);
    ({ page } = opened);
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
    await server?.close();
    await store?.close();
  });

  it('solves the example plan, explains it and compares a what-if', async () => {
    await page.goto(`${server.url}/#/planning`);
    await page.getByRole('heading', { name: 'Production planning' }).waitFor();
    await page.getByTestId('load-example').click();
    await expect.poll(async () => page.getByTestId('plan-editor').inputValue()).toMatch(/workshop-4-weeks/);
    await page.getByTestId('solve').click();
    await page
      .getByTestId('plan-message')
      .filter({ hasText: 'Optimal plan: total cost ¥' })
      .waitFor({ timeout: 20_000 });
    // The Gantt chart draws on a canvas inside its container.
    await page.locator('[data-testid=plan-gantt] canvas').first().waitFor();
    const sentences = await page.getByTestId('plan-sensitivity').locator('li').allTextContents();
    const shadow = sentences.find((s) => /^One more hour on line L\d in W\d saves ¥/.test(s));
    expect(shadow, sentences.join('\n')).toBeDefined();
    await expect.poll(async () => page.getByTestId('plan-costs').textContent()).toMatch(/Total/);
    await page.screenshot({ path: artifact('planning.png'), fullPage: true });

    // Add 8 hours where the shadow price says an hour saves money.
    const [, line, period] = /line (L\d) in (W\d)/.exec(shadow ?? '') ?? [];
    await page.getByTestId('whatif-target').selectOption(line ?? 'L1');
    await page.getByTestId('whatif-period').selectOption(period ?? '');
    await page.getByTestId('whatif-delta').fill('8');
    await page.getByTestId('whatif-run').click();
    const summary = page.getByTestId('comparison-summary');
    await summary.waitFor({ timeout: 20_000 });
    expect(await summary.textContent()).toMatch(/costs ¥[\d,.]+ less than/);
    await page.getByTestId('plan-comparison').screenshot({ path: artifact('planning-what-if.png') });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('computes servers per shift from typed arrivals and from a series forecast', async () => {
    await page.goto(`${server.url}/#/staffing`);
    await page.getByRole('heading', { name: 'Staffing' }).first().waitFor();
    await page.getByTestId('staffing-run').click();
    // The textbook case: 200 calls/h of 3 min at 80 % in 20 s needs 14 agents, 20 after 30 % shrinkage.
    const early = page.locator('[data-testid=staffing-table] tr[data-shift=early]');
    await early.waitFor();
    expect(await early.locator('td.servers').textContent()).toBe('14');

    await page.getByTestId('source-series').check();
    await page.getByTestId('staffing-series').fill('site/desk/calls');
    await page.getByTestId('staffing-run').click();
    await page.getByText('Arrivals forecast from site/desk/calls').waitFor({ timeout: 10_000 });
    const rows = page.locator('[data-testid=staffing-table] tbody tr');
    expect(await rows.count()).toBe(3);
    const servers = (await rows.locator('td.servers').allTextContents()).map(Number);
    expect(servers.every((n) => n >= 1)).toBe(true);
    // Day shifts (90 calls/h) need more people than the night shift (8 calls/h).
    expect(Math.max(...servers)).toBeGreaterThan(Math.min(...servers));
    await page.screenshot({ path: artifact('staffing.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
