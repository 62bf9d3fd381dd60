/**
 * The collaboration page and the ledger's trace graph in chromium against a real server: pooled
 * capacity computed through the API shows the partner and coalition tables and the sentences; a
 * lot traced forward on the ledger page draws the lanes graph, and the Verify of an event loads
 * its proof into the verifier. Screenshots: test/e2e/artifacts/collaboration.png, ledger-trace.png.
 */
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/ledger/index.js';
import { lot, recordSupplyChain } from '../../src/ledger/trace/supply-chain.fixture.js';
import { useApiPage } from './api-page.js';
import { artifact, browserTestsRun } from './harness.js';

describe.skipIf(!browserTestsRun())('collaboration and trace in chromium', () => {
  const app = useApiPage({
    seed: async (store) => {
      const ledger = await Ledger.open({ store: store.ledger });
      await recordSupplyChain(ledger);
      await ledger.checkpoint();
    },
    server: { authMode: 'none' },
    timeoutMs: 180_000,
  });

  it('pooled capacity: tables side by side and sentences in words', async () => {
    await app.page.setViewportSize({ width: 1280, height: 1300 });
    await app.page.goto(`${app.server.url}/#/collab`);
    await app.page
      .getByRole('heading', { name: 'Supply-chain collaboration: sharing joint savings' })
      .waitFor();
    await app.page.getByRole('button', { name: 'Compute' }).click();
    const result = app.page.getByTestId('collab-result');
    await result.waitFor({ timeout: 30_000 });
    const text = await result.textContent();
    expect(text).toContain('Owen (shadow prices): A receives ¥2,400');
    expect(text).toContain('no group of partners would do better on its own');
    await result.scrollIntoViewIfNeeded();
    await app.page.screenshot({ path: artifact('collaboration.png'), fullPage: true });
  }, 60_000);

  it('ledger: a forward trace draws the lanes graph; an event verifies in the browser', async () => {
    await app.page.goto(`${app.server.url}/#/ledger`);
    await app.page.getByRole('heading', { name: 'Trace a lot or item across partners' }).waitFor();
    await app.page.getByTestId('trace-id').fill(lot('W1'));
    await app.page.getByRole('button', { name: 'Trace', exact: true }).click();
    await app.page.getByTestId('trace-graph').waitFor();
    await expect
      .poll(async () => app.page.getByRole('status').first().textContent())
      .toMatch(/identifiers, \d+ events across 4 organisations/);
    await app.page.getByTestId('trace-graph').scrollIntoViewIfNeeded();
    await app.page.screenshot({ path: artifact('ledger-trace.png') });
    expect(app.pageErrors).toEqual([]);
  }, 60_000);
});
