/**
 * The control page in chromium against `xinzhi serve --demo`: the faceplate shows the live oven loop
 * TIC-101 (PV from the oven device over MQTT → ingest, OP back on its actuator topic), a setpoint
 * change through the page is followed by the PV, and the tuning assistant proposes settings with a
 * before/after comparison. Leaves test/e2e/artifacts/control.png. Skipped when chromium is missing.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemoPage } from './browser-suite.js';
import { artifact, browserTestsRun, type DemoServer } from './harness.js';

const LOOP = 'factory1/assembly/line2/oven-01/TIC-101';

describe.skipIf(!browserTestsRun())('control page against the live demo loop', () => {
  let server: DemoServer;
  let page: Page;
  const errors: string[] = [];
  const loop = async () =>
    (await (await fetch(`${server.url}/api/v1/control/loops/${encodeURIComponent(LOOP)}`)).json()) as {
      pv: { value: number; ts: number } | null;
      sp: number;
      op: number;
      mode: string;
      status: string;
    };

  useDemoPage(errors, { backfillMs: 60_000, speed: 60 }, (o) => {
    ({ server, page } = o);
  });

  it('shows the live loop, follows a setpoint change and proposes tuning', async () => {
    await page.goto(`${server.url}/#/control`);
    await page.getByRole('heading', { name: 'Control loops' }).waitFor();
    await page.getByText(LOOP).first().waitFor();
    // The PV arrives over MQTT from the oven device and the loop runs in auto.
    await expect.poll(async () => (await loop()).status, { timeout: 10_000 }).toBe('ok');
    await expect.poll(async () => page.getByTestId('pv').textContent(), { timeout: 10_000 }).toMatch(/°C/);
    expect(await page.getByTestId('mode').textContent()).toBe('Auto');
    const before = await loop();
    expect(before.pv).not.toBeNull();
    expect(Date.now() - before.pv!.ts).toBeLessThan(5_000);

    // Setpoint +20 °C through the faceplate: the output rises and the PV follows.
    const sp = before.sp + 20;
    await page.getByTestId('sp-form').getByRole('spinbutton').fill(String(sp));
    await page.getByTestId('sp-form').getByRole('button').click();
    await expect.poll(async () => (await loop()).sp, { timeout: 5_000 }).toBe(sp);
    await expect.poll(async () => (await loop()).op, { timeout: 5_000 }).toBeGreaterThan(before.op + 10);
    await expect
      .poll(async () => (await loop()).pv?.value ?? 0, { timeout: 20_000, interval: 1000 })
      .toBeGreaterThan(before.pv!.value + 2);
    await expect
      .poll(async () => page.getByTestId('audit').textContent(), { timeout: 6_000 })
      .toContain('setpoint');

    // The tuning assistant: a step test on the twin, SIMC settings, and the comparison.
    await page.getByTestId('run-assistant').click();
    await page.getByTestId('assistant-result').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('proposed').textContent()).toMatch(/simc.*Kc = [\d.]+/);
    const rows = await page.getByTestId('comparison').locator('tbody tr').count();
    expect(rows).toBe(6);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: artifact('control.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);
});
