/**
 * The ledger explorer in chromium against a real server: events appended through the API (a raw
 * EPCIS event, a produced batch, a shipment handover) show with who signed them, a witness
 * cosignature shows in the checkpoint history, an inclusion proof verifies in the browser
 * (WebCrypto), and the same bundle with one proof hash changed fails at the root step.
 * Screenshots: test/e2e/artifacts/ledger.png (valid) and ledger-tampered.png.
 */

import { describe, expect, it } from 'vitest';
import {
  cosignatureSigner,
  ed25519Generate,
  Ledger,
  parseNote,
  signatureLine,
} from '../../src/ledger/index.js';
import { useApiPage } from './api-page.js';
import { artifact, browserTestsRun } from './harness.js';
import { inspectionEvent } from './ledger-events.js';

describe.skipIf(!browserTestsRun())('ledger explorer in chromium', () => {
  const app = useApiPage({ server: { authMode: 'none' } });

  it('shows signed events and cosigned checkpoints, verifies a proof in the browser, and catches tampering', async () => {
    await app.post('/ledger/orgs', { name: 'acme-foods' });
    await app.post('/ledger/orgs', { name: 'swift-haul' });
    await app.post(
      '/ledger/events',
      inspectionEvent(
        'acme-foods',
        'https://id.gs1.org/01/09521234543213/21/A1',
        'https://id.gs1.org/414/9521234000006',
      ),
    );
    await app.post('/ledger/flows/batch-produced', {
      org: 'acme-foods',
      gtin: '09521234543213',
      lot: 'L2024-17',
      quantity: 480,
      uom: 'KGM',
      site: '9521234000006',
      line: 'L3',
      producedAt: '2024-05-01T06:30:00+08:00',
      zone: '+08:00',
    });
    await app.post('/ledger/flows/shipment-handover', {
      org: 'swift-haul',
      sscc: '039521234000000014',
      from: '9521234000006',
      to: '9521234000013',
      location: '9521234000020',
      handedOverAt: '2024-05-02T09:00:00+08:00',
      zone: '+08:00',
      contents: [{ gtin: '09521234543213', lot: 'L2024-17', quantity: 480, uom: 'KGM' }],
      purchaseOrder: 'PO-7781',
    });
    // A partner's witness cosigns the latest checkpoint (C2SP cosignature/v1), as `xinzhi ledger cosign` would.
    const ledger = await Ledger.open({ store: app.store.ledger });
    const [cp] = await ledger.checkpoints(1);
    const note = parseNote(cp!.note);
    if (!note.ok) throw new Error('bad note');
    const witness = cosignatureSigner(
      'witness.swift-haul.example',
      ed25519Generate(),
      () => Date.now() / 1000,
    );
    await ledger.addCosignatures(cp!.id, [signatureLine(note.value.body, witness)]);

    await app.page.goto(`${app.server.url}/#/ledger`);
    await app.page.getByRole('heading', { name: 'Supply-chain ledger' }).waitFor();
    const rows = app.page.getByTestId('ledger-entries').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(5);
    const text = await app.page.getByTestId('ledger-entries').textContent();
    for (const s of [
      'acme-foods',
      'swift-haul',
      'AggregationEvent',
      'TransactionEvent',
      '01/09521234543213/10/L2024-17 × 480 KGM',
      'commissioning',
    ])
      expect(text).toContain(s);
    await expect
      .poll(async () => app.page.getByTestId('ledger-checkpoints').textContent(), { timeout: 10_000 })
      .toContain('witness.swift-haul.example');

    // Verify entry 2 (the packing event) in the browser.
    await rows.nth(2).getByRole('button', { name: 'Verify' }).click();
    await expect
      .poll(async () => app.page.getByTestId('ledger-bundle').inputValue())
      .toContain('"tree_size": 5');
    await app.page.getByRole('button', { name: 'Verify in browser' }).click();
    const verdict = app.page.getByTestId('ledger-verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-ok')).toBe('true');
    const steps = verdict.locator('li');
    expect(await steps.count()).toBeGreaterThanOrEqual(6);
    expect(await verdict.locator('li[data-ok="false"]').count()).toBe(0);
    expect(await verdict.textContent()).toContain('witness.swift-haul.example');
    await app.page.screenshot({ path: artifact('ledger.png'), fullPage: true });

    // Tamper: change one hash of the proof path; the browser must reject it at the root step.
    const bundle = JSON.parse(await app.page.getByTestId('ledger-bundle').inputValue()) as {
      proof: string[];
    };
    const h = bundle.proof[0]!;
    bundle.proof[0] = (h[0] === 'a' ? 'b' : 'a') + h.slice(1);
    await app.page.getByTestId('ledger-bundle').fill(JSON.stringify(bundle, null, 2));
    await app.page.getByRole('button', { name: 'Verify in browser' }).click();
    await expect.poll(async () => verdict.getAttribute('data-ok')).toBe('false');
    expect(await verdict.locator('li[data-ok="false"]').getAttribute('data-step')).toBe('root');
    expect(await verdict.textContent()).toContain('INVALID');
    await app.page.screenshot({ path: artifact('ledger-tampered.png'), fullPage: true });
    expect(app.pageErrors).toEqual([]);
  });
});
