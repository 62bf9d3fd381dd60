/**
 * Predictive maintenance and training runs in a real browser against `xinzhi serve --demo`:
 * two tiny RUL models are trained through the CLI on synthetic C-MAPSS-format data (labelled as
 * such) into the server's database, then the demo replays its factory from T0 (06:00 China time)
 * at 1800× with 15 s machine sampling, so the degrading bearing of line1/cnc-02 is reached in
 * seconds. The maintenance page must show that mill wearing with a RUL in hours and a latest safe
 * stop; the runs page must list the runs with their metric chart and the registry. Screenshots go
 * to test/e2e/artifacts/. Skipped, saying so, when chromium is not installed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticCmapss } from '../../src/analytics/rul/synthetic.fixture.js';
import { artifact, browserTestsRun, type DemoPage, type DemoServer, openDemoPage, ROOT } from './harness.js';

const run = promisify(execFile);
const HOUR = 3_600_000;
const MILL = 'factory1/assembly/line1/cnc-02';

/** The latest 06:00 China Standard Time (22:00 UTC) at least `minAgo` before now: the demo's T0. */
function latestT0(now: number, minAgo: number): number {
  const d = new Date(now - minAgo);
  let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 22);
  while (t > now - minAgo) t -= 24 * HOUR;
  return t;
}

describe.skipIf(!browserTestsRun())('maintenance and runs pages against serve --demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xinzhi-rul-e2e-'));
  const db = join(dir, 'x.db');
  let server: DemoServer;
  let page: Page;
  let opened: DemoPage | undefined;
  const errors: string[] = [];

  beforeAll(async () => {
    const data = join(dir, 'synthetic_train.txt');
    writeFileSync(data, syntheticCmapss({ engines: 20, seed: 3 }).text);
    const train = (name: string, seed: number, rounds: number) =>
      run(
        process.execPath,
        [
          '--import',
          'tsx',
          join(ROOT, 'test', 'e2e', 'xinzhi-dev.ts'),
          'rul',
          'train',
          '--data',
          data,
          '--format',
          'cmapss',
          '--rounds',
          String(rounds),
          '--seed',
          String(seed),
          '--name',
          name,
          '--db',
          db,
          '--register',
          'e2e-synthetic',
          '--json',
        ],
        { cwd: ROOT },
      );
    // one after the other: both write the same database file
    await train('synthetic-a', 1, 30);
    await train('synthetic-b', 2, 15);
    const now = Date.now();
    const t0 = latestT0(now, 6 * HOUR);
    // Replayed over MQTT (not written in bulk), so the page is seen while the bearing wears,
    // whatever the time of day: after the repair the mill is healthy again.
    opened = await openDemoPage(errors, {
      db,
      backfillMs: now - t0 + 60_000,
      replayMs: now - t0 + 60_000,
      speed: 1800,
      factorySampleMs: 15_000,
    });
    ({ server, page } = opened);
  }, 300_000);

  afterAll(async () => {
    await opened?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the wearing mill with a RUL in hours, its band and a latest safe stop', async () => {
    await page.goto(`${server.url}/#/maintenance`);
    await page.getByRole('heading', { name: 'Predictive maintenance' }).waitFor();
    const row = page.locator(`tr[data-asset="${MILL}"]`);
    await row.waitFor({ timeout: 10_000 });
    await expect
      .poll(async () => row.getAttribute('data-state'), { timeout: 40_000, interval: 500 })
      .toBe('alarm');
    const rul = (await row.getByTestId('rul-value').textContent()) ?? '';
    expect(rul).toMatch(/^\d+(\.\d)? h$/);
    expect(Number.parseFloat(rul)).toBeLessThan(6);
    expect(await row.getByTestId('rul-stop').textContent()).not.toBe('—');
    // a healthy mill is listed too, and raises no alarm
    const healthy = page.locator('tr[data-asset="factory1/assembly/line1/cnc-01"]');
    expect(await healthy.getAttribute('data-state')).not.toBe('alarm');
    await page.getByRole('heading', { name: `RUL trend of ${MILL}` }).waitFor();
    await page.locator('canvas').first().waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: artifact('maintenance.png'), fullPage: true });
  }, 60_000);

  it('lists the training runs with their metric curves, a comparison and the registry', async () => {
    await page.goto(`${server.url}/#/runs`);
    await page.getByRole('heading', { name: 'Training runs' }).waitFor();
    // The two RUL runs trained here (the demo's camera model is a run of its own, kind vision).
    const rulRuns = page.locator('tr[data-run]').filter({ has: page.locator('td', { hasText: /^rul$/ }) });
    await expect.poll(async () => rulRuns.count(), { timeout: 10_000 }).toBe(2);
    await page.getByTestId('run-detail').waitFor();
    await page.getByLabel('Compare with').selectOption({ index: 1 });
    const head = page.getByTestId('run-detail').locator('caption', { hasText: 'Configuration' });
    await head.waitFor();
    // key, run a, run b side by side (the compared run's column is drawn once its data arrives)
    await expect
      .poll(async () => page.getByTestId('run-detail').locator('table').first().locator('thead th').count(), {
        timeout: 10_000,
      })
      .toBe(3);
    await page.getByRole('heading', { name: 'Model registry' }).waitFor();
    // version 2 (the later run) is in production; put version 1 back through the API
    await page.getByRole('button', { name: 'Promote' }).click();
    await page.getByRole('status').filter({ hasText: 'e2e-synthetic: version 1 in production' }).waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: artifact('runs.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
});
