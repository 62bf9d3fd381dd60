import { describe, expect, it } from 'vitest';
import { SqliteLedgerStore } from '../store/sqlite/ledger-sqlite.js';
import {
  type EpcisEvent,
  fromHex,
  Ledger,
  parseCheckpoint,
  parseNote,
  verifyBundle,
  verifyConsistency,
} from './index.js';
import { openLedger, sampleEvent } from './test-support.fixture.js';

describe('Ledger on SQLite', () => {
  it('appends signed events, checkpoints, proves and verifies offline', async () => {
    const { ledger } = await openLedger();
    const org = await ledger.createOrg('acme');
    expect(org.public_key).toMatch(/^acme\+[0-9a-f]{8}\+/);
    const res = await ledger.append(
      'acme',
      Array.from({ length: 300 }, (_, i) => sampleEvent(i)),
    );
    expect(res.map((r) => r.index)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(res[0]!.event_id).toMatch(/^ni:\/\/\/sha-256;/);
    const cp = await ledger.checkpoint();
    expect(cp.size).toBe(300);
    const body = parseNote(cp.note);
    expect(body.ok && parseCheckpoint(body.value.body).ok).toBe(true);
    for (const i of [0, 1, 255, 256, 299]) {
      const bundle = await ledger.prove(i);
      expect(bundle.leaf_hash).toBe(res[i]!.leaf_hash);
      const v = verifyBundle(bundle, { trustedLogKey: ledger.logPublicKey() });
      expect(v.ok ? v.value.org : v.issues).toBe('acme');
    }
    const bundle = await ledger.prove(7);
    const badProof = { ...bundle, proof: [...bundle.proof].reverse() };
    expect(verifyBundle(badProof).ok).toBe(false);
    const badEntry = { ...bundle, entry: bundle.entry!.replace('shipping', 'receiving') };
    expect(verifyBundle(badEntry).ok).toBe(false);
    const otherLog = await openLedger();
    expect(verifyBundle(bundle, { trustedLogKey: otherLog.ledger.logPublicKey() }).ok).toBe(false);
    expect(verifyBundle({ ...bundle, index: 'x' }).ok).toBe(false);
  });

  it('signs on a worker thread when asked, with the same verifiable result', async () => {
    const { store } = await openLedger();
    const ledger = await Ledger.open({ store }, { signingWorkers: 1 });
    await ledger.createOrg('acme');
    await ledger.append(
      'acme',
      Array.from({ length: 600 }, (_, i) => sampleEvent(i)),
    );
    await ledger.checkpoint();
    expect(verifyBundle(await ledger.prove(577)).ok).toBe(true);
    expect((await ledger.audit()).ok).toBe(true);
    await ledger.close();
  });

  it('reopens from storage with the same tree, and proves consistency between checkpoints', async () => {
    const { db, ledger } = await openLedger();
    await ledger.createOrg('acme');
    await ledger.append(
      'acme',
      Array.from({ length: 70 }, (_, i) => sampleEvent(i)),
    );
    const cp1 = await ledger.checkpoint();
    await ledger.append(
      'acme',
      Array.from({ length: 600 }, (_, i) => sampleEvent(1000 + i)),
    );
    const cp2 = await ledger.checkpoint();
    const again = await Ledger.open({ store: new SqliteLedgerStore(db) });
    expect(again.size).toBe(670);
    expect((await again.rootAt(670)).toString('hex')).toBe(cp2.root);
    expect((await again.rootAt(70)).toString('hex')).toBe(cp1.root);
    const proof = (await again.consistencyProof(70, 670)).map((h) => fromHex(h)!);
    expect(
      verifyConsistency({
        size1: 70,
        size2: 670,
        root1: fromHex(cp1.root)!,
        root2: fromHex(cp2.root)!,
        proof,
      }),
    ).toBe(true);
    expect(again.logPublicKey()).toBe(ledger.logPublicKey());
  });

  it('rotates keys: old entries stay verifiable, the audit accepts both', async () => {
    const { ledger, clock } = await openLedger();
    const before = await ledger.createOrg('farm');
    await ledger.append('farm', [sampleEvent(1)]);
    clock.advance(1000);
    const after = await ledger.rotateOrgKey('farm');
    expect(after.key_id).not.toBe(before.key_id);
    expect(after.keys[0]!.valid_until).not.toBeNull();
    clock.advance(1000);
    await ledger.append('farm', [sampleEvent(2)]);
    await ledger.checkpoint();
    const b0 = await ledger.prove(0);
    expect(JSON.parse(b0.entry!).org_key).toBe(before.public_key);
    expect(verifyBundle(b0).ok).toBe(true);
    expect((await ledger.audit()).ok).toBe(true);
  });

  it('records corrections as new events with errorDeclaration (same event id, new index)', async () => {
    const { ledger } = await openLedger();
    await ledger.createOrg('acme');
    const [orig] = await ledger.append('acme', [sampleEvent(5)]);
    const correction = {
      ...sampleEvent(5),
      errorDeclaration: { declarationTime: '2024-02-01T00:00:00Z', reason: 'incorrect_data' },
    } as EpcisEvent;
    const [corr] = await ledger.append('acme', [correction]);
    expect(corr!.event_id).toBe(orig!.event_id);
    expect(corr!.index).toBe(1);
    expect((await ledger.store.entriesByEventId(orig!.event_id)).map((e) => e.index)).toEqual([0, 1]);
  });

  it('rejects unknown organisations and bad names', async () => {
    const { ledger } = await openLedger();
    await expect(ledger.append('nobody', [sampleEvent(1)])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(ledger.createOrg('bad name')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await ledger.createOrg('acme');
    await expect(ledger.createOrg('acme')).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('plain-JSON functions for the HTTP API', () => {
  it('appendJson validates, listEntries pages, checkpoints list their signers', async () => {
    const { ledger } = await openLedger();
    await ledger.createOrg('acme');
    await expect(ledger.appendJson('acme', { type: 'ObjectEvent' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    const res = await ledger.appendJson('acme', {
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2024-01-01T00:00:00Z',
      epcisBody: { eventList: [sampleEvent(1), sampleEvent(2)] },
    });
    expect(res).toHaveLength(2);
    const page = await ledger.listEntries(1, 10);
    expect(page).toMatchObject([{ index: 1, org: 'acme', event_type: 'ObjectEvent', correction: false }]);
    const cp = await ledger.checkpoint();
    expect(cp.signers).toEqual([
      { name: 'test.example/ledger', key_id: expect.any(String), timestamp: null },
    ]);
  });
});

describe('two writers on one database', () => {
  it('the stale writer gets CONFLICT once, then appends after the head it reloaded', async () => {
    const a = await openLedger();
    await a.ledger.createOrg('acme');
    const b = await Ledger.open({ store: new SqliteLedgerStore(a.db) });
    await a.ledger.append('acme', [sampleEvent(1)]);
    await expect(b.append('acme', [sampleEvent(2)])).rejects.toMatchObject({ code: 'CONFLICT' });
    const [r] = await b.append('acme', [sampleEvent(2)]);
    expect(r!.index).toBe(1);
    await b.checkpoint();
    expect((await b.audit()).ok).toBe(true);
  });
});
