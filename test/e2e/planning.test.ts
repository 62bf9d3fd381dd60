/**
 * The planning and staffing pages in a real browser against a real server: the plan tables come
 * prefilled with the plant's lines and shift hours; edit a demand cell, solve it (on the server's
 * solver worker), see the Gantt chart with both lines, the edited value in the YAML and a YAML
 * edit back in the tables; a wrong cell is named and not posted; forecast demand from an orders
 * series; run a what-if that adds hours where capacity binds and see the side-by-side comparison; then staff
 * shifts from typed arrivals and from a stored series forecast. Screenshots go to
 * test/e2e/artifacts/. Skipped, saying so, when chromium is not installed.
 */
import type { Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApiPage } from './api-page.js';
import { artifact, browserTestsRun } from './harness.js';

const HOUR = 3_600_000;

describe.skipIf(!browserTestsRun())('planning and staffing pages in chromium', () => {
  const app = useApiPage({
    seed: async (store) => {
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
      // A plant with two lines on two 8-hour shifts, and ten weeks of daily chair orders.
      await store.upsertAsset({
        id: 'plant',
        kind: 'site',
        name: 'Plant',
        attributes: { timeZone: 'Asia/Shanghai', shifts: '06:00-14:00, 14:00-22:00' },
      });
      await store.upsertAsset({ id: 'plant/a', kind: 'area', name: 'Assembly' });
      await store.upsertAsset({ id: 'plant/a/line1', kind: 'line', name: 'line1' });
      await store.upsertAsset({ id: 'plant/a/line2', kind: 'line', name: 'line2' });
      await store.upsertAsset({ id: 'plant/sales', kind: 'area', name: 'Sales' });
      await store.upsertSeries({ assetId: 'plant/sales', metric: 'orders', unit: '{count}' });
      // From the start of a planning period (periods are 7 days from the epoch), so every week is whole.
      const week = Math.floor(now / (168 * HOUR)) * 168 * HOUR - 10 * 168 * HOUR;
      await store.writePoints(
        Array.from({ length: 70 }, (_, i) => ({
          seriesId: 'plant/sales/orders',
          ts: week + i * 24 * HOUR,
          value: 20,
        })),
      );
    },
  });

  it('edits the plan in tables prefilled from the plant, solves it, draws a Gantt and keeps YAML in sync', async () => {
    const posts: string[] = [];
    const onRequest = (r: Request) => {
      if (r.method() === 'POST' && /\/api\/v1\/plans$/.test(r.url())) posts.push(r.postData() ?? '');
    };
    app.page.on('request', onRequest);
    await app.page.goto(`${app.server.url}/#/planning`);
    await app.page.getByRole('heading', { name: 'Production planning' }).waitFor();
    // The plant's two lines replace the example's, with 16 h of shifts a day, every day.
    const prefill = app.page.getByTestId('plan-prefill');
    await prefill.getByText('the plant’s 2 lines from the asset tree (line1, line2)').waitFor();
    expect(await prefill.textContent()).toMatch(/06:00-14:00, 14:00-22:00, 7 days a week = 112 h per period/);
    expect(await prefill.textContent()).toMatch(/1 demand series are stored/);
    expect(await app.page.locator('[data-cell="hours.0.W1"]').inputValue()).toBe('112');
    expect(await app.page.locator('[data-cell="lines.0.id"]').inputValue()).toBe('line1');

    // Edit one demand cell and solve.
    await app.page.locator('[data-cell="demand.0.W2"]').fill('175');
    await app.page.getByTestId('solve').click();
    await app.page
      .getByTestId('plan-message')
      .filter({ hasText: 'Optimal plan: total cost ¥' })
      .waitFor({ timeout: 20_000 });
    expect(posts).toHaveLength(1);
    const posted = JSON.parse(posts[0] ?? '{}') as {
      plan: { demand: { chair: number[] }; lines: { id: string }[] };
    };
    expect(posted.plan.demand.chair).toEqual([120, 175, 160, 150]);
    expect(posted.plan.lines.map((l) => l.id)).toEqual(['line1', 'line2']);
    await app.page.locator('[data-testid=plan-gantt] canvas').first().waitFor();
    // Bars for each line: the chart's data table lists production on both lines.
    const ganttLines = await app.page
      .locator('[data-testid=gantt-data] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-line')));
    expect(new Set(ganttLines)).toEqual(new Set(['line1', 'line2']));
    const sentences = await app.page.getByTestId('plan-sensitivity').locator('li').allTextContents();
    expect(sentences.length).toBeGreaterThan(0);
    await app.page.screenshot({ path: artifact('planning.png'), fullPage: true });

    // The YAML shows the edited value; a valid YAML edit flows back into the tables.
    await app.page.getByTestId('yaml-toggle').click();
    const yaml = await app.page.getByTestId('plan-editor').inputValue();
    expect(yaml).toMatch(/chair:\n\s+- 120\n\s+- 175\n/);
    await app.page.getByTestId('plan-editor').fill(yaml.replace('- 175', '- 185'));
    await expect.poll(async () => app.page.locator('[data-cell="demand.0.W2"]').inputValue()).toBe('185');
    // YAML the tables cannot hold says so and leaves them as they were.
    await app.page.getByTestId('plan-editor').fill('periods: [W1, W2]\nproducts: nope');
    await app.page.getByTestId('yaml-error').getByText('`products` must be a list of mappings').waitFor();
    expect(await app.page.locator('[data-cell="demand.0.W2"]').inputValue()).toBe('185');
    await app.page.getByTestId('plan-editor').fill(yaml);
    await expect.poll(async () => app.page.locator('[data-cell="demand.0.W2"]').inputValue()).toBe('175');

    // An invalid cell shows a message naming it, and nothing is posted.
    await app.page.locator('[data-cell="demand.1.W3"]').fill('4O');
    await app.page.getByTestId('solve').click();
    await app.page
      .getByTestId('plan-problems')
      .getByText('Demand per period › table › W3: “4O” is not a number')
      .waitFor();
    expect(await app.page.locator('[data-cell="demand.1.W3"]').getAttribute('aria-invalid')).toBe('true');
    expect(posts).toHaveLength(1);
    await app.page.getByTestId('plan-problems').screenshot({ path: artifact('planning-invalid-cell.png') });
    await app.page.locator('[data-cell="demand.1.W3"]').fill('45');
    app.page.off('request', onRequest);

    // Add 8 hours where the shadow price says an hour saves money, when a line binds.
    await app.page.getByTestId('solve').click();
    await app.page
      .getByTestId('plan-message')
      .filter({ hasText: 'Optimal plan' })
      .waitFor({ timeout: 20_000 });
    const shadow = (await app.page.getByTestId('plan-sensitivity').locator('li').allTextContents()).find(
      (s) => /^One more hour on line \S+ in W\d saves ¥/.test(s),
    );
    const [, line, period] = /line (\S+) in (W\d)/.exec(shadow ?? '') ?? [];
    await app.page.getByTestId('whatif-target').selectOption(line ?? 'line2');
    await app.page.getByTestId('whatif-period').selectOption(period ?? '');
    await app.page.getByTestId('whatif-delta').fill('8');
    await app.page.getByTestId('whatif-run').click();
    const summary = app.page.getByTestId('comparison-summary');
    await summary.waitFor({ timeout: 20_000 });
    if (shadow) expect(await summary.textContent()).toMatch(/costs ¥[\d,.]+ less than/);
    await app.page.getByTestId('plan-comparison').screenshot({ path: artifact('planning-what-if.png') });
    expect(app.pageErrors).toEqual([]);
  }, 90_000);

  it('forecasts a product’s demand from a stored orders series', async () => {
    await app.page.goto(`${app.server.url}/#/planning`);
    await app.page.reload();
    await app.page.locator('[data-cell="demand.0.W1"]').waitFor();
    await app.page.getByTestId('demand-series-chair').selectOption('plant/sales/orders');
    await app.page.getByTestId('solve').click();
    await app.page
      .getByTestId('plan-message')
      .first()
      .filter({ hasText: 'Optimal plan' })
      .waitFor({ timeout: 30_000 });
    // 20 orders a day for ten whole weeks: 140 chairs a week, forecast by the server and shown
    // in the table and the YAML.
    const cells = await app.page
      .locator('[data-testid=table-demand] tr[data-product=chair] .forecast')
      .allTextContents();
    expect(cells.map(Number)).toEqual([140, 140, 140, 140]);
    await app.page.getByTestId('yaml-toggle').click();
    expect(await app.page.getByTestId('plan-editor').inputValue()).toMatch(/chair:\n\s+- 140\n/);
    expect(app.pageErrors).toEqual([]);
  }, 90_000);

  it('computes servers per shift from typed arrivals and from a series forecast', async () => {
    await app.page.goto(`${app.server.url}/#/staffing`);
    await app.page.getByRole('heading', { name: 'Staffing' }).first().waitFor();
    await app.page.getByTestId('staffing-run').click();
    // The textbook case: 200 calls/h of 3 min at 80 % in 20 s needs 14 agents, 20 after 30 % shrinkage.
    const early = app.page.locator('[data-testid=staffing-table] tr[data-shift=early]');
    await early.waitFor();
    expect(await early.locator('td.servers').textContent()).toBe('14');

    await app.page.getByTestId('source-series').check();
    await app.page.getByTestId('staffing-series').fill('site/desk/calls');
    await app.page.getByTestId('staffing-run').click();
    await app.page.getByText('Arrivals forecast from site/desk/calls').waitFor({ timeout: 10_000 });
    const rows = app.page.locator('[data-testid=staffing-table] tbody tr');
    expect(await rows.count()).toBe(3);
    const servers = (await rows.locator('td.servers').allTextContents()).map(Number);
    expect(servers.every((n) => n >= 1)).toBe(true);
    // Day shifts (90 calls/h) need more people than the night shift (8 calls/h).
    expect(Math.max(...servers)).toBeGreaterThan(Math.min(...servers));
    await app.page.screenshot({ path: artifact('staffing.png'), fullPage: true });
    expect(app.pageErrors).toEqual([]);
  }, 60_000);
});
