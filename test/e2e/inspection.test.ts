/**
 * The inspection page in chromium: a server with the demo camera's model (trained here on
 * generated images) has the camera's frames 60–99, one a minute, and receives two more over
 * MQTT — clean parts, then the start of the scripted scratch episode — and the page must show the camera's latest images with class and
 * probability, a defect marked, the heat map over the chosen image, the defect rate and the
 * confusion matrix. Screenshots go to test/e2e/artifacts/. Skipped when chromium is missing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMERA_ID, CAMERA_TOPIC, cameraFrame, provisionDemoCamera } from '../../src/demo/index.js';
import { createImageFiles, createInspectionService } from '../../src/domains/inspection/index.js';
import type { ServerHandle } from '../../src/server/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { artifact, type BrowserPage, browserTestsRun, openPage, startApiServer } from './harness.js';

describe.skipIf(!browserTestsRun())('inspection page', () => {
  let store: Store;
  let handle: ServerHandle;
  let opened: BrowserPage | undefined;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    store = await openSqliteStore(':memory:');
    const dir = mkdtempSync(join(tmpdir(), 'xinzhi-e2e-img-'));
    handle = await startApiServer(store, { mqttPort: 0, imagesDir: dir });
    await provisionDemoCamera(store);
    // The last 40 minutes, a frame a minute (the scratch episode is frames 90–113), so the defect
    // rate has a history: through an inspection service on the same store and image folder (the
    // upload route itself is tested in routes/images.test.ts); then frames over MQTT, live.
    const intake = createInspectionService({
      store,
      files: createImageFiles(dir),
      clock: { now: () => Date.now() },
    });
    const now = Date.now();
    for (let k = 60; k < 100; k++)
      await intake.ingest({
        asset: CAMERA_ID,
        ts: now - (100 - k) * 60_000,
        bytes: cameraFrame(k),
        source: 'mqtt',
      });
    const client = await mqtt.connectAsync(handle.mqtt!.url, { reconnectPeriod: 0 });
    for (const k of [100, 101])
      await client.publishAsync(CAMERA_TOPIC, Buffer.from(cameraFrame(k)), { qos: 1 });
    await client.endAsync();
    opened = await openPage(errors);
    page = opened.page;
  }, 300_000);
  afterAll(async () => {
    await opened?.close();
    await handle?.close();
    await store?.close();
  });

  it('shows the latest frames with class and probability, the heat map, defect rate and confusion matrix', async () => {
    await page.goto(`${handle.url}/#/inspection`);
    await page.getByTestId('camera').first().waitFor({ timeout: 30_000 });
    const classes = await page.getByTestId('image-class').allTextContents();
    expect(classes).toHaveLength(8);
    expect(classes.some((c) => /^scratch \d/.test(c))).toBe(true);
    expect(await page.locator('li[data-defect="scratch"]').count()).toBeGreaterThan(0);
    const heat = page.getByTestId('heatmap');
    await heat.waitFor();
    expect(await heat.locator('[data-value]').count()).toBe(36);
    expect(await page.getByTestId('confusion').locator('tbody tr').count()).toBe(4);
    await page.waitForFunction('[...document.images].every((i) => i.complete && i.naturalWidth > 0)');
    await page.screenshot({ path: artifact('inspection.png'), fullPage: true });
    await heat.screenshot({ path: artifact('inspection-heatmap.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});
