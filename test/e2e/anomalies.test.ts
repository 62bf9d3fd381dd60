/**
 * The anomalies page in chromium against `xinzhi serve --demo`: live monitoring turns a fault into
 * an alarm, the page lists it, acknowledging it from the page works (the API agrees), the series
 * chart shows its anomaly score with the alert marked, and a screenshot is saved. The demo's own
 * scripted faults (bearing, stuck sensor, gap) happen hours into its production day, too late for
 * a 15-minute backfill, so the test injects its fault over MQTT the way a device would.
 */
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDemoPage } from './browser-suite.js';
import { artifact, browserTestsRun, type DemoServer } from './harness.js';

const SERIES = 'factory1/assembly/line1/pump-01/seal_temp';

describe.skipIf(!browserTestsRun())('anomalies page in chromium against the demo', () => {
  let server: DemoServer;
  let page: Page;
  const pageErrors: string[] = [];

  useDemoPage(pageErrors, {}, (o) => {
    ({ server, page } = o);
  });

  beforeAll(async () => {
    // A stable stretch of 30 minutes at 1 s, then a step of +8 K: the fault.
    const c = await mqtt.connectAsync(server.mqttUrl, { reconnectPeriod: 0 });
    const t0 = Date.now() - 40 * 60_000;
    for (let b = 0; b < 20; b++) {
      const batch = Array.from({ length: 100 }, (_, k) => {
        const i = b * 100 + k;
        return { ts: t0 + i * 1000, value: 40 + ((i * 7919) % 17) / 50 + (i >= 1800 ? 8 : 0), unit: 'Cel' };
      });
      await c.publishAsync(`xinzhi/v1/${SERIES}`, JSON.stringify(batch), { qos: 1 });
    }
    await c.endAsync();
  }, 60_000);

  it('lists alarms live, acknowledges one, and charts the anomaly score', async () => {
    const listed = async () =>
      (await (await fetch(`${server.url}/api/v1/alarms`)).json()) as {
        alarms: Array<{ key: string; ackedAt: number | null }>;
      };
    await expect
      .poll(async () => (await listed()).alarms.map((a) => a.key), { timeout: 15_000 })
      .toContain(`${SERIES}|anomaly`);
    await page.goto(`${server.url}/#/anomalies?series=${encodeURIComponent(SERIES)}&range=1h`);
    await page.getByRole('heading', { name: 'Anomalies and alarms' }).waitFor();
    const row = page.locator(`[data-testid=alarm-table] tr[data-alarm="${SERIES}|anomaly"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=alarm-table] tbody tr').count()).toBeGreaterThanOrEqual(1);

    await row.getByTestId('ack').click({ timeout: 5000 });
    // The API records the acknowledgement; the open-only list then shows the alarm acknowledged
    // (still active) or drops it (it had already cleared, so acknowledging closed it).
    await expect
      .poll(async () => (await listed()).alarms.find((a) => a.key === `${SERIES}|anomaly`)?.ackedAt ?? null, {
        timeout: 5000,
      })
      .not.toBeNull();
    await expect
      .poll(
        async () => (await row.getAttribute('data-state', { timeout: 500 }).catch(() => null)) ?? 'gone',
        {
          timeout: 5000,
        },
      )
      .toMatch(/^(acknowledged|gone)$/);

    // The alarm KPI panel: the same figures as GET /alarms/kpis (and `npm run bench -- alarms`).
    const rate = page.getByTestId('kpi-alarm-rate');
    await rate.waitFor({ timeout: 10_000 });
    expect(await rate.textContent()).toMatch(/\d/);
    const kpis = (await (await fetch(`${server.url}/api/v1/alarms/kpis`)).json()) as { annunciated: number };
    expect(kpis.annunciated).toBeGreaterThanOrEqual(1);

    const count = page.getByTestId('alert-count');
    await count.waitFor();
    expect(Number((await count.textContent())?.match(/\d+/)?.[0])).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: artifact('anomalies.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 40_000);

  it('shows a forecast band on the telemetry chart when toggled', async () => {
    await page.goto(
      `${server.url}/#/telemetry?asset=factory1/assembly/line1/pump-01&series=${SERIES}&range=1h`,
    );
    await page.getByTestId('forecast-toggle').click();
    await page.getByText('90 % prediction interval').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: artifact('telemetry-forecast.png') });
    expect(pageErrors).toEqual([]);
  });
});
