/**
 * The dashboard's WebCrypto verifier (web/src/lib/ledger-verify.ts) must agree with the engine's
 * (src/ledger/bundle.ts) on real bundles: valid ones pass, and every tampering is caught at the
 * step that should catch it.
 */
import { describe, expect, it } from 'vitest';
import { Ledger, verifyBundle } from '../../src/ledger/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { verifyBundleInBrowser } from '../../web/src/lib/ledger-verify.js';

const event = (i: number) => ({
  type: 'ObjectEvent',
  eventTime: '2024-05-01T08:00:00Z',
  eventTimeZoneOffset: '+00:00',
  epcList: [`https://id.gs1.org/01/09521234543213/21/${i}`],
  action: 'OBSERVE',
});

describe('browser proof verification', () => {
  it('agrees with the engine for every index of logs of several sizes, and names the failing step', async () => {
    const store = await openSqliteStore(':memory:');
    const ledger = await Ledger.open({ store: store.ledger });
    await ledger.createOrg('acme');
    for (const size of [1, 2, 3, 7, 13]) {
      while (ledger.size < size) await ledger.appendJson('acme', event(ledger.size));
      await ledger.checkpoint();
      for (let i = 0; i < size; i++) {
        const b = await ledger.prove(i);
        expect(verifyBundle(b).ok).toBe(true);
        const r = await verifyBundleInBrowser(b, ledger.logPublicKey());
        expect(r.ok, `index ${i} of ${size}`).toBe(true);
        expect(r.steps.filter((s) => s.kind === 'pathLeft' || s.kind === 'pathRight')).toHaveLength(
          b.proof.length,
        );
      }
    }
    const b = await ledger.prove(5);
    const failed = async (x: typeof b, key?: string) =>
      (await verifyBundleInBrowser(x, key)).steps.filter((s) => !s.ok).map((s) => s.kind);
    const flip = (h: string) => (h[0] === '0' ? '1' : '0') + h.slice(1);
    expect(await failed({ ...b, proof: [flip(b.proof[0]!), ...b.proof.slice(1)] })).toEqual(['root']);
    expect(await failed({ ...b, proof: b.proof.slice(1) })).toContain('pathLength');
    expect(await failed({ ...b, entry: b.entry!.replace('"acme"', '"acne"') })).toEqual(
      ['leaf', 'root'].slice(0, 1),
    );
    const { entry: _entry, ...withoutEntry } = b;
    expect(await failed({ ...withoutEntry, leaf_hash: flip(b.leaf_hash) })).toEqual(['root']);
    expect(await failed({ ...b, index: 4 })).toEqual(['entryIndex', 'root']);
    expect(await failed({ ...b, checkpoint: b.checkpoint.replace('\n13\n', '\n12\n') })).toEqual([
      'signature',
    ]);
    const other = await Ledger.open(
      { store: (await openSqliteStore(':memory:')).ledger },
      { origin: ledger.origin },
    );
    expect(await failed(b, other.logPublicKey())).toEqual(['signature']);
    expect(await failed({ ...b, public_key: 'nonsense' })).toEqual(['logKey']);
    // Each of these fails the engine's check too.
    expect(verifyBundle({ ...b, proof: [flip(b.proof[0]!), ...b.proof.slice(1)] }).ok).toBe(false);
    await store.close();
  });
});
