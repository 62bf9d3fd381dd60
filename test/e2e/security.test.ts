/**
 * Browser hardening in chromium (issue 13, H1 and M6): hostile strings in every field an operator
 * or device can fill (asset names, series description and unit, event and alarm messages,
 * quarantine locations and reasons, loop descriptions, ledger event fields) and a hostile series
 * id put straight into the Store (as an old database or a validation gap would hold it) are
 * rendered as text on every dashboard page and in the HTML tooltips of the telemetry chart and
 * the planning Gantt chart (a hostile product name): no element
 * from them appears, no script runs, no dialog opens. Every page loads under the server's
 * Content-Security-Policy without a single violation (the built dashboard has no inline script).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerHandle } from '../../src/server/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { postApi } from './api-page.js';
import { artifact, type BrowserPage, browserTestsRun, openPage, startApiServer } from './harness.js';
import { inspectionEvent } from './ledger-events.js';

/** Markup that, if parsed, leaves a `[data-xss]` element and sets `window.__xss` (CSP permitting). */
const hostile = (tag: string) => `<img src=x data-xss=${tag} onerror=window.__xss=1>`;
/** Fits a 40-character field and has no space (units). */
const short = (tag: string) => `<b/data-xss=${tag}>${tag}</b>`;

const PAGES = [
  '/overview',
  '/telemetry',
  '/process',
  '/quality',
  '/import',
  '/planning',
  '/staffing',
  '/ledger',
  '/anomalies',
  '/fleet',
  '/slotting',
  '/maintenance',
  '/runs',
  '/control',
  '/farm',
];

const MACHINE = 'xss/line1/m1';
const BAD_METRIC = hostile('series-id');
const BAD_SERIES = `${MACHINE}/${BAD_METRIC}`;
const GOOD_SERIES = `${MACHINE}/temp`;
/** What the hostile metric and unit are stored as first; the store refuses both as ids and units. */
const PLACEHOLDER_METRIC = 'placeholder_metric';
const PLACEHOLDER_SERIES = `${MACHINE}/${PLACEHOLDER_METRIC}`;

/**
 * Writes the hostile series id and unit over the placeholders with plain SQL: the Store validates
 * ids and units on every path, so this is how a database written before that check (or edited by
 * hand) would hold them, and the dashboard must still render them as text.
 */
function smuggleHostileSeries(path: string): void {
  const db = new Database(path);
  db.prepare('UPDATE series SET id = ?, metric = ?, unit = ? WHERE id = ?').run(
    BAD_SERIES,
    BAD_METRIC,
    short('unit'),
    PLACEHOLDER_SERIES,
  );
  db.prepare('UPDATE events SET series_id = ? WHERE series_id = ?').run(BAD_SERIES, PLACEHOLDER_SERIES);
  db.close();
}

interface Findings {
  readonly xss: unknown;
  readonly injected: string[];
  readonly csp: string[];
}

describe.skipIf(!browserTestsRun())('dashboard security in chromium', () => {
  let store: Store;
  let server: ServerHandle;
  let opened: BrowserPage | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  const consoleCsp: string[] = [];

  const post = (path: string, body: unknown) => postApi(server, path, body);

  /** What the page shows of the payloads: the flag, elements they created, CSP reports. */
  const findings = (): Promise<Findings> =>
    page.evaluate<Findings>(`({
      xss: window.__xss,
      injected: [...document.querySelectorAll('[data-xss]')].map((e) => e.outerHTML),
      csp: window.__csp ?? [],
    })`);

  const dir = mkdtempSync(join(tmpdir(), 'xinzhi-xss-'));
  const dbPath = join(dir, 'xss.db');

  beforeAll(async () => {
    store = await openSqliteStore(dbPath);
    const now = Date.now();

    // Straight into the Store, past every HTTP and ingest check.
    await store.upsertAsset({ id: 'xss', kind: 'site', name: hostile('site-name') });
    await store.upsertAsset({ id: 'xss/line1', kind: 'line', name: hostile('line-name') });
    await store.upsertAsset({ id: MACHINE, kind: 'equipment', name: hostile('machine-name') });
    for (const [metric, unit] of [
      [PLACEHOLDER_METRIC, 'Cel'],
      ['temp', 'Cel'],
    ] as const) {
      await store.upsertSeries({ assetId: MACHINE, metric, unit, description: hostile('description') });
      await store.writePoints(
        Array.from({ length: 120 }, (_, i) => ({
          seriesId: `${MACHINE}/${metric}`,
          ts: now - 3_000_000 + i * 25_000,
          value: 20 + Math.sin(i / 8),
        })),
      );
    }
    await store.appendEvent({
      ts: now - 60_000,
      kind: 'alarm',
      severity: 'critical',
      assetId: MACHINE,
      seriesId: PLACEHOLDER_SERIES,
      message: hostile('event-message'),
      data: { note: hostile('event-data') },
    });
    await store.addQuarantine([
      {
        importId: null,
        source: 'mqtt',
        location: hostile('quarantine-location'),
        raw: hostile('quarantine-raw'),
        reasons: [
          { code: 'INGEST_BAD_VALUE', message: hostile('quarantine-reason'), where: hostile('where') },
        ],
        seriesId: GOOD_SERIES,
        ts: now - 30_000,
      },
    ]);

    await store.close();
    smuggleHostileSeries(dbPath);
    store = await openSqliteStore(dbPath);
    // First-run mode (no key, loopback): the set-up the attack in H1 used, everything open.
    server = await startApiServer(store);

    // Through the API, as an operator would.
    await post('/events', {
      kind: hostile('kind'),
      severity: 'major',
      message: hostile('api-event'),
      seriesId: GOOD_SERIES,
      assetId: MACHINE,
      data: { who: hostile('api-event-data') },
    });
    await post('/points', [{ series: GOOD_SERIES, value: hostile('reading-value') }]);
    await post('/control/loops', {
      id: 'xss-loop',
      description: hostile('loop-description'),
      pvSeries: GOOD_SERIES,
      opUnit: short('op-unit'),
      sampleTimeMs: 1000,
      setpoint: 20,
      mode: 'manual',
      manualOutput: 10,
      tuning: { kc: 1, ti: 10 },
    });
    await post('/ledger/orgs', { name: 'acme-foods' });
    await post(
      '/ledger/events',
      inspectionEvent('acme-foods', `urn:xss:${hostile('epc')}`, `urn:xss:${hostile('biz-location')}`),
    );

    opened = await openPage(pageErrors);
    ({ page } = opened);
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/content security policy/i.test(m.text())) consoleCsp.push(m.text());
    });
    // Page-side, so it sees every violation the page's CSP reports (also blocked inline handlers).
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
      (window.__csp ??= []).push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
    });`);
  }, 90_000);

  afterAll(async () => {
    await opened?.close();
    await server?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the dashboard under a strict CSP that its build satisfies on every page', async () => {
    const res = await page.goto(`${server.url}/#/overview`);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res?.headers()['x-content-type-options']).toBe('nosniff');
    for (const path of PAGES) {
      await page.goto(`${server.url}/#${path}`);
      await page.locator('main h1, main h2').first().waitFor({ timeout: 15_000 });
      await page.waitForLoadState('networkidle');
      const f = await findings();
      expect(f.csp, path).toEqual([]);
      expect(f.injected, path).toEqual([]);
      expect(f.xss, path).toBeUndefined();
    }
    expect(consoleCsp).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('shows hostile names, units, messages and reasons as text, never as markup', async () => {
    // Each page, and payloads it must show: as literal text, so the pages did render hostile data.
    const expected: Record<string, string[]> = {
      '/overview': ['site-name', 'line-name', 'event-message', 'api-event'],
      '/quality': ['quarantine-location', 'quarantine-reason', 'quarantine-raw', 'reading-value'],
      '/anomalies': ['series-id'],
      '/control': ['loop-description', 'op-unit'],
      '/ledger': ['epc', 'biz-location'],
    };
    for (const [path, tags] of Object.entries(expected)) {
      await page.goto(`${server.url}/#${path}`);
      const main = page.locator('main');
      for (const tag of tags)
        await main.getByText(`data-xss=${tag}`).first().waitFor({ state: 'attached', timeout: 15_000 });
      const f = await findings();
      expect(f.injected, path).toEqual([]);
      expect(f.xss, path).toBeUndefined();
      expect(f.csp, path).toEqual([]);
    }
    expect(dialogs).toEqual([]);
  });

  it('escapes a hostile product name in the planning Gantt tooltip', async () => {
    await page.goto(`${server.url}/#/planning`);
    // Renaming a product in the table renames it in the routings and the bill of materials too.
    await page.locator('[data-cell="products.0.id"]').fill(hostile('product'));
    await page.getByTestId('solve').click();
    const gantt = page.getByTestId('plan-gantt');
    await gantt.locator('canvas').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('plan-message').waitFor();
    // The plan tables sit above the chart: bring it into the viewport before hovering.
    await gantt.scrollIntoViewIfNeeded();
    const box = await gantt.boundingBox();
    if (!box) throw new Error('the Gantt chart has no box');
    let tip = '';
    for (let y = 0.15; y <= 0.95 && !tip.includes('data-xss=product'); y += 0.1)
      for (let x = 0.15; x <= 0.95 && !tip.includes('data-xss=product'); x += 0.05) {
        await page.mouse.move(box.x + box.width * x, box.y + box.height * y);
        // The whole container's text includes ECharts' tooltip: no waiting on a locator.
        tip = (await gantt.textContent()) ?? '';
      }
    const f = await findings();
    expect(f.injected).toEqual([]);
    expect(f.xss).toBeUndefined();
    expect(f.csp).toEqual([]);
    expect(tip).toContain(hostile('product'));
  }, 60_000);

  it('escapes a hostile series id and unit in the telemetry chart tooltip', async () => {
    const q = new URLSearchParams({ asset: MACHINE, series: `${BAD_SERIES},${GOOD_SERIES}`, range: '1h' });
    await page.goto(`${server.url}/#/telemetry?${q}`);
    const chart = page.locator('.chart').first();
    await chart.waitFor();
    await page.waitForLoadState('networkidle');
    const box = await chart.boundingBox();
    if (!box) throw new Error('the chart has no box');
    // Sweep across the plot so the axis tooltip shows both series at some point.
    let tip = '';
    for (let x = 0.3; x <= 0.7 && !tip.includes('data-xss=series-id'); x += 0.1) {
      await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.5);
      tip = await page
        .locator('.chart div')
        .filter({ hasText: 'data-xss' })
        .last()
        .textContent({ timeout: 2000 })
        .then((t) => t ?? '')
        .catch(() => '');
    }
    await page.screenshot({ path: artifact('security-tooltip.png') });
    const f = await findings();
    expect(f.injected).toEqual([]);
    expect(f.xss).toBeUndefined();
    expect(f.csp).toEqual([]);
    expect(dialogs).toEqual([]);
    // The tooltip did show the hostile series, as text.
    expect(tip).toContain(BAD_METRIC);
    expect(tip).toContain(short('unit'));
  });
});
