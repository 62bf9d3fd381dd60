/**
 * The dashboard in a real browser (Debian chromium via playwright-core) against the real server
 * with the demo plant publishing over MQTT: the overview loads, live values change, an injected
 * fault shows up as a quality issue, a CSV upload succeeds, the language switches, and every page
 * leaves a screenshot in test/e2e/artifacts/. Skipped, saying so, when chromium is not installed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemoPage } from './browser-suite.js';
import {
  artifact,
  browserTestsRun,
  type DemoServer,
  ensureWebBuild,
  hasChromium,
  launchBrowser,
} from './harness.js';

const LINE = 'factory1/assembly/line1';
const MACHINE = `${LINE}/cnc-01`;

describe.skipIf(!browserTestsRun())('dashboard in chromium against the demo', () => {
  let server: DemoServer;
  let page: Page;
  const consoleErrors: string[] = [];

  useDemoPage(consoleErrors, {}, (o) => {
    ({ server, page } = o);
  });

  it('loads the overview with sites, series and fresh data', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await expect.poll(async () => page.getByTestId('site').count(), { timeout: 10_000 }).toBe(3);
    const series = Number((await page.getByTestId('kpi-series').textContent())?.replace(/\D/g, ''));
    expect(series).toBeGreaterThan(150);
    await page.getByRole('heading', { name: 'OEE' }).waitFor();
    await page.screenshot({ path: artifact('overview.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('updates live values on the telemetry page over SSE', async () => {
    const series = [`${MACHINE}/current`, `${MACHINE}/bearing_temp`, `${MACHINE}/vibration`];
    await page.goto(`${server.url}/#/telemetry?asset=${MACHINE}&series=${series.join(',')}&range=15m`);
    await page.getByTestId('live-badge').filter({ hasText: 'Live' }).waitFor();
    const cell = page.locator(`[data-testid=latest-table] td[data-series="${MACHINE}/current"]`);
    await expect.poll(async () => (await cell.textContent()) ?? '—', { timeout: 10_000 }).not.toBe('—');
    const first = await cell.textContent();
    const firstTime = await page
      .locator('[data-testid=latest-table] tbody tr')
      .first()
      .locator('td')
      .first()
      .textContent();
    // A new point arrives every simulated second; both the time and (with noise) the value move.
    await expect
      .poll(
        async () =>
          page.locator('[data-testid=latest-table] tbody tr').first().locator('td').first().textContent(),
        {
          timeout: 10_000,
        },
      )
      .not.toBe(firstTime);
    expect(typeof first).toBe('string');
    await page.waitForTimeout(300);
    await page.screenshot({ path: artifact('telemetry.png'), fullPage: true });
  });

  it('draws the process view of a line with live machine states', async () => {
    await page.goto(`${server.url}/#/process?line=${LINE}`);
    const svg = page.getByTestId('process-svg');
    await svg.waitFor();
    await expect.poll(async () => svg.locator('[data-machine]').count()).toBeGreaterThanOrEqual(8);
    // Every machine shows a state from the live data (off at night, running in a shift).
    await expect
      .poll(async () => svg.locator('[data-machine][data-state="unknown"]').count(), { timeout: 10_000 })
      .toBe(0);
    await page.screenshot({ path: artifact('process.png'), fullPage: true });
  });

  it('shows an injected fault (out-of-range reading) as a quarantined row with its reason', async () => {
    const client = await mqtt.connectAsync(server.mqttUrl, { clientId: 'e2e-fault' });
    // 900 °C on a bearing: outside the series' physical range (the demo declares 0–150 Cel).
    await client.publishAsync(
      `xinzhi/v1/${MACHINE}/bearing_temp`,
      JSON.stringify({ ts: Date.now(), value: 900 }),
      {
        qos: 1,
      },
    );
    await client.endAsync();
    await page.goto(`${server.url}/#/quality`);
    const row = page.locator('[data-testid=quarantine-table] tbody tr', {
      hasText: `${MACHINE}/bearing_temp`,
    });
    await row.first().waitFor({ timeout: 10_000 });
    expect(await row.first().textContent()).toMatch(/range|900/i);
    await page.getByTestId('quality-table').waitFor();
    await page.screenshot({ path: artifact('quality.png'), fullPage: true });
  });

  it('uploads a CSV with a progress bar and shows accepted and quarantined counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xinzhi-e2e-'));
    const file = join(dir, 'line3.csv');
    const t0 = Date.now() - 3_600_000;
    const rows = ['time,series,value,unit'];
    for (let i = 0; i < 200; i++)
      rows.push(
        `${new Date(t0 + i * 10_000).toISOString()},plant9/line3/m1/temp,${(40 + Math.sin(i / 10)).toFixed(2)},Cel`,
      );
    rows.push(`${new Date(t0 + 200 * 10_000).toISOString()},plant9/line3/m1/temp,hot,Cel`);
    writeFileSync(file, `${rows.join('\n')}\n`);
    try {
      await page.goto(`${server.url}/#/import`);
      await page.getByTestId('file-input').setInputFiles(file);
      await page.getByTestId('import-start').click();
      const result = page.getByTestId('import-result');
      await result.waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('accepted').textContent()).toBe('200');
      expect(await page.getByTestId('quarantined').textContent()).toBe('1');
      expect(await page.locator('progress').getAttribute('value')).toBe('1');
      await page.screenshot({ path: artifact('import.png'), fullPage: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uploads an Excel workbook: no preview, the sheet named, counts from the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xinzhi-e2e-'));
    const file = join(dir, '烘箱.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').getCell('A1').value = '导出说明';
    const ws = wb.addWorksheet('数据');
    ws.addRow(['时间', '温度(℃)', '状态']);
    const t0 = Date.now() - 3_600_000;
    for (let i = 0; i < 30; i++) {
      // Excel cells hold wall-clock times: UTC here, as the page's time zone field says.
      const r = ws.addRow([new Date(t0 + i * 60_000), i === 29 ? '故障' : 180 + i / 2, '运行']);
      r.getCell(1).numFmt = 'yyyy-mm-dd hh:mm:ss';
    }
    await wb.xlsx.writeFile(file);
    try {
      await page.goto(`${server.url}/#/import`);
      await page.getByTestId('file-input').setInputFiles(file);
      await page.getByTestId('xlsx-note').waitFor();
      await page.getByTestId('sheet-input').fill('数据');
      await page.getByTestId('asset-input').fill('plant9/oven');
      await page.getByTestId('import-start').click();
      await page.getByTestId('import-result').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('accepted').textContent()).toBe('29');
      expect(await page.getByTestId('quarantined').textContent()).toBe('1');
      await page.screenshot({ path: artifact('import-xlsx.png'), fullPage: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('switches to Simplified Chinese, numbers and dates included', async () => {
    await page.goto(server.url);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('heading', { name: '总览' }).waitFor();
    expect(await page.getByRole('navigation').textContent()).toContain('数据质量');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.screenshot({ path: artifact('overview-zh.png'), fullPage: true });
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    expect(consoleErrors).toEqual([]);
  });
});

describe.skipIf(!hasChromium())('dashboard with sign-in required', () => {
  it('signs in with a password or a pasted key into an HttpOnly session; no key in storage or URLs; signs out', async () => {
    const { runServer } = await import('../integration/helpers.js');
    const { createApiKey, createUser } = await import('../../src/server/index.js');
    await ensureWebBuild();
    const running = await runServer();
    const browser = await launchBrowser();
    const password = 'a long e2e password';
    try {
      await createUser({ store: running.store }, { username: 'ada', password, role: 'viewer' }, Date.now());
      const { secret } = await createApiKey(
        running.store,
        { name: 'e2e viewer', role: 'viewer' },
        Date.now(),
      );
      const admin = await createApiKey(running.store, { name: 'e2e admin', role: 'admin' }, Date.now());
      const res = await fetch(`${running.handle.url}/api/v1/points`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ series: 'p1/l1/m1/temp', value: 20, unit: 'Cel' }]),
      });
      expect(res.status).toBe(200);
      const page = await browser.context.newPage();
      const urls: string[] = [];
      page.on('request', (r) => urls.push(r.url()));
      const storage = async () =>
        (await page.evaluate(
          'JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])',
        )) as string;

      await page.goto(running.handle.url);
      const panel = page.locator('.key-panel');
      await panel.waitFor();
      await panel.locator('input[name=username]').fill('ada');
      await panel.locator('input[name=password]').fill('wrong password!');
      await panel.getByRole('button', { name: 'Sign in' }).click();
      await panel.getByRole('alert').waitFor();
      await panel.locator('input[name=password]').fill(password);
      await panel.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('kpi-series').waitFor();
      await page.getByText('ada (viewer)').waitFor();
      // The session cookie is HttpOnly: not even the page's own script can read it.
      expect(await storage()).not.toContain('xinzhi_session');
      expect(await storage()).not.toContain(password);
      // The live feed authenticates with the cookie.
      await page.goto(`${running.handle.url}/#/telemetry?asset=p1/l1/m1&series=p1/l1/m1/temp&range=15m`);
      await page.locator('.live-dot.on').waitFor({ timeout: 10_000 });

      await page.getByRole('button', { name: 'Sign out' }).click();
      await panel.waitFor();
      // A pasted key is exchanged for a session once and kept nowhere.
      await panel.locator('input[name=apiKey]').fill(secret);
      await panel.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('e2e viewer (viewer)').waitFor();
      await page.reload();
      await page.getByText('e2e viewer (viewer)').waitFor();
      await page.locator('.live-dot.on').waitFor({ timeout: 10_000 });
      expect(await storage()).not.toContain(secret);
      expect(await storage()).not.toContain('xz_');
      expect(urls.filter((u) => u.includes(secret) || u.includes('access_token'))).toEqual([]);
    } finally {
      await browser.close();
      await running.stop();
    }
  }, 60_000);
});
