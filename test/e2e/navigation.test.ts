/**
 * The grouped page nav in chromium: at 1440×900 and 1024×768 the header stays one line, every nav
 * link is inside the viewport on one line, every page of the registry is reachable from it (by
 * click and by keyboard), and the group headings follow the language.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemoPage } from './browser-suite.js';
import { browserTestsRun, type DemoServer } from './harness.js';

/** The pages of web/src/pages/registry.ts with their English titles, grouped as in the nav. */
const GROUPS: Record<string, readonly (readonly [string, string])[]> = {
  Monitor: [
    ['/overview', 'Overview'],
    ['/telemetry', 'Telemetry'],
    ['/process', 'Process view'],
    ['/anomalies', 'Anomalies'],
    ['/inspection', 'Inspection'],
  ],
  Analyse: [
    ['/maintenance', 'Maintenance'],
    ['/runs', 'Training runs'],
  ],
  Plan: [
    ['/planning', 'Planning'],
    ['/staffing', 'Staffing'],
    ['/collab', 'Collaboration'],
    ['/fleet', 'Fleet'],
    ['/slotting', 'Slotting'],
    ['/farm', 'Farm'],
  ],
  Control: [['/control', 'Control']],
  Prove: [['/ledger', 'Ledger']],
  Data: [
    ['/quality', 'Data quality'],
    ['/import', 'Import'],
    ['/connections', 'Connections'],
    ['/reports', 'Reports'],
  ],
};
const ALL = Object.values(GROUPS).flat();

async function checkLayout(page: Page, width: number, height: number, navName = 'Main navigation') {
  await page.setViewportSize({ width, height });
  const nav = page.getByRole('navigation', { name: navName });
  await nav.waitFor();
  // One header line: every direct child of the header starts on the same row.
  const tops = await page
    .locator('header.shell > *')
    .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  expect(Math.max(...tops) - Math.min(...tops), `header children tops at ${width}px: ${tops}`).toBeLessThan(
    12,
  );
  const header = await page.locator('header.shell').boundingBox();
  expect(header?.height ?? 999).toBeLessThan(64);
  // Every link visible, inside the viewport, on a single text line.
  const links = nav.getByRole('link');
  expect(await links.count()).toBe(ALL.length);
  const boxes = await links.evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return {
        text: e.textContent,
        right: r.right,
        bottom: r.bottom,
        height: r.height,
        clipped: e.scrollWidth > e.clientWidth,
      };
    }),
  );
  for (const b of boxes) {
    expect(b.right, `${b.text} right edge at ${width}px`).toBeLessThanOrEqual(width);
    expect(b.bottom, `${b.text} bottom edge at ${width}×${height}`).toBeLessThanOrEqual(height);
    // One line of 0.9rem text with its padding is ~25 px; a wrapped label is ~42 px.
    expect(b.height, `${b.text} wraps at ${width}px`).toBeLessThan(34);
    expect(b.clipped, `${b.text} is cut off at ${width}px`).toBe(false);
  }
}

describe.skipIf(!browserTestsRun())('grouped navigation in chromium', () => {
  let server: DemoServer;
  let page: Page;
  const consoleErrors: string[] = [];

  useDemoPage(consoleErrors, {}, (o) => {
    ({ server, page } = o);
  });

  it('groups the pages under six headings, in the registry order', async () => {
    await page.goto(server.url);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.waitFor();
    for (const [group, pages] of Object.entries(GROUPS)) {
      const section = nav.getByRole('region', { name: group });
      expect(await section.getByRole('link').allTextContents()).toEqual(pages.map(([, t]) => t));
    }
  });

  it('fits on one line at 1440×900 and 1024×768', async () => {
    await page.goto(server.url);
    await checkLayout(page, 1440, 900);
    await checkLayout(page, 1024, 768);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('reaches every page by click and marks it current', async () => {
    await page.goto(server.url);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const [path, title] of ALL) {
      await nav.getByRole('link', { name: title, exact: true }).click();
      await expect.poll(() => page.evaluate('location.hash')).toBe(`#${path}`);
      // The hash changes first; the sidebar and the title follow on React's next render.
      await expect.poll(() => nav.locator('a[aria-current="page"]').textContent()).toBe(title);
      await expect.poll(() => page.title()).toContain(title);
    }
    expect(consoleErrors).toEqual([]);
  });

  it('is keyboard accessible: Tab moves through the links in order, Enter opens one', async () => {
    await page.goto(server.url);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link').first().focus();
    const seen: string[] = [];
    for (let i = 0; i < ALL.length; i++) {
      seen.push(await page.evaluate<string>("document.activeElement?.textContent ?? ''"));
      if (i < ALL.length - 1) await page.keyboard.press('Tab');
    }
    expect(seen).toEqual(ALL.map(([, t]) => t));
    await page.keyboard.press('Enter');
    const last = ALL[ALL.length - 1];
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#${last?.[0]}`);
  });

  it('names the groups in Chinese too', async () => {
    await page.goto(server.url);
    await page.getByLabel('Language').selectOption('zh-CN');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.waitFor();
    expect(await nav.locator('.group').allTextContents()).toEqual([
      '监控',
      '分析',
      '计划',
      '控制',
      '存证',
      '数据',
    ]);
    await checkLayout(page, 1024, 768, '主导航');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByLabel('语言').selectOption('en');
  });
});
