/**
 * The command box of the fleet page in chromium against `xinzhi serve --demo`: an instruction in
 * words is parsed, the text comes back with the parsed fields highlighted and the order drafted
 * for the delivery planner; confirming adds it to the day's plan. Screenshot in
 * test/e2e/artifacts/command-box.png. Skipped, saying so, when chromium is missing.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemoPage } from './browser-suite.js';
import { artifact, browserTestsRun, type DemoServer } from './harness.js';

describe.skipIf(!browserTestsRun())('command box on the fleet page', () => {
  let server: DemoServer;
  let page: Page;
  const consoleErrors: string[] = [];

  useDemoPage(consoleErrors, {}, (o) => {
    ({ server, page } = o);
  });

  it('highlights the parsed fields and adds the order to the plan', async () => {
    await page.goto(`${server.url}#/fleet`);
    await page.getByRole('heading', { name: 'Delivery routes' }).waitFor();
    const box = page.getByTestId('command-box');
    await box
      .getByRole('textbox', { name: 'Instruction' })
      .fill('明天上午送20箱牛奶到苏州市工业园区星湖街328号，王先生13800138000');
    await box.getByRole('button', { name: 'Parse' }).click();
    const marks = box.getByTestId('ask-highlighted').locator('mark');
    await expect.poll(() => marks.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
    await expect(box.getByText('delivery', { exact: true }).count()).resolves.toBe(1);
    await page.screenshot({ path: artifact('command-box.png'), fullPage: true });
    await box.getByRole('button', { name: 'Confirm' }).click();
    await box.getByText(/Added to plan/).waitFor({ timeout: 30_000 });
  }, 90_000);
});
