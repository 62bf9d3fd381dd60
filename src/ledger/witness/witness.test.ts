import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { benchmarkJson } from '../../core/benchmark-data.fixture.js';
import { manualClock } from '../../core/index.js';
import { SqliteLedgerStore } from '../../store/sqlite/ledger-sqlite.js';
import {
  ALG_COSIGNATURE_V1,
  cosignatureSigner,
  ed25519FromSeed,
  formatVerifierKey,
  parseVerifierKey,
} from '../log/index.js';
import { fromHex } from '../merkle/hash.js';
import { openLedger, sampleEvent } from '../test-support.fixture.js';
import {
  checkWitnessPolicy,
  detectSplitView,
  formatAddCheckpointBody,
  parseAddCheckpointBody,
  Witness,
} from './index.js';

const v = benchmarkJson('merkle', 'vectors.json');
const have = v !== undefined;

async function makeWitness(name: string, logVkey: string, seed = 7) {
  const store = new SqliteLedgerStore(new Database(':memory:'));
  await store.migrate();
  const key = ed25519FromSeed(Buffer.alloc(32, seed));
  const clock = manualClock(1_700_000_000_000);
  const signer = cosignatureSigner(name, key, () => clock.now() / 1000);
  const log = parseVerifierKey(logVkey);
  const witness = new Witness({ signer, logs: new Map([[log.name, [log]]]), store, clock });
  const vkey = formatVerifierKey({ name, algorithm: ALG_COSIGNATURE_V1, publicKey: key.publicKey });
  return { witness, vkey, store };
}

describe.skipIf(!have)('witness scenarios from benchmarks/merkle/vectors.json', () => {
  const notes = new Map<string, string>(
    v?.checkpoints.items.map((i: { id: string; note: string }) => [i.id, i.note]),
  );
  const hex = (s: string) => fromHex(s)!;

  it('accept-5-to-8 cosigns; reject-fork and reject-honest7-to-fork8 refuse', async () => {
    for (const sc of v.checkpoints.scenarios) {
      const { witness, store } = await makeWitness('w.example/1', v.checkpoints.vkey);
      // Put the witness in the state the scenario starts from.
      const oldSize = sc.old ? Number(notes.get(sc.old)!.split('\n')[1]) : sc.oldSize;
      const oldRoot = sc.old ? Buffer.from(notes.get(sc.old)!.split('\n')[2]!, 'base64') : hex(sc.oldRoot);
      await store.setWitnessState(
        {
          witness: 'w.example/1',
          origin: 'example.com/ledger-test-vectors',
          size: oldSize,
          root: oldRoot,
          note: '',
          updatedAt: 0,
        },
        0,
      );
      const res = await witness.addCheckpoint({
        oldSize,
        proof: sc.proof.map(hex),
        note: notes.get(sc.new)!,
      });
      expect(res.status === 200 ? 'cosign' : 'reject', sc.id).toBe(sc.expect);
      if (sc.expect === 'reject') expect(res.status).toBe(422);
    }
  });

  it('detects the size-8 fork as a split view, with both notes as evidence', () => {
    const log = parseVerifierKey(v.checkpoints.vkey);
    const ev = detectSplitView(
      notes.get('derived/checkpoint/size8')!,
      notes.get('derived/checkpoint/size8-fork')!,
      [log],
    );
    expect(ev?.kind).toBe('same-size-different-root');
    expect(ev?.notes).toHaveLength(2);
    const sc = v.checkpoints.scenarios.find((s: { id: string }) => s.id === 'witness/accept-5-to-8');
    const ok = detectSplitView(
      notes.get('derived/checkpoint/size5')!,
      notes.get('derived/checkpoint/size8')!,
      [log],
      sc.proof.map(hex),
    );
    expect(ok).toBeUndefined();
    const bad = detectSplitView(
      notes.get('derived/checkpoint/size5')!,
      notes.get('derived/checkpoint/size8-fork')!,
      [log],
      sc.proof.map(hex),
    );
    expect(bad?.kind).toBe('inconsistent');
  });
});

describe('witnesses cosign a live ledger and a policy counts them', () => {
  it('two witnesses follow the log; a quorum of 2 is met, a stale old size gets 409', async () => {
    const { ledger } = await openLedger();
    await ledger.createOrg('acme');
    const w1 = await makeWitness('w1.example/w', ledger.logPublicKey(), 1);
    const w2 = await makeWitness('w2.example/w', ledger.logPublicKey(), 2);
    let witnessed = 0;
    for (const n of [5, 300, 1]) {
      await ledger.append(
        'acme',
        Array.from({ length: n }, (_, i) => sampleEvent(witnessed + i)),
      );
      const cp = await ledger.checkpoint();
      const proof =
        witnessed === 0 ? [] : (await ledger.consistencyProof(witnessed, cp.size)).map((h) => fromHex(h)!);
      const lines: string[] = [];
      for (const w of [w1, w2]) {
        const body = formatAddCheckpointBody({ oldSize: witnessed, proof, note: cp.note });
        const req = parseAddCheckpointBody(body);
        if ('error' in req) throw new Error(req.error);
        const res = await w.witness.addCheckpoint(req);
        expect(res.status).toBe(200);
        if (res.status === 200) lines.push(res.cosignature);
      }
      const withCosigs = await ledger.addCosignatures(cp.id, lines);
      const policy = { witnesses: [w1.vkey, w2.vkey], quorum: 2 };
      const met = checkWitnessPolicy(withCosigs.note, policy);
      expect(met.ok && [...met.value].sort()).toEqual(['w1.example/w', 'w2.example/w']);
      expect(checkWitnessPolicy(cp.note, { ...policy, quorum: 1 }).ok).toBe(false);
      witnessed = cp.size;
    }
    const cp = await ledger.checkpoint();
    const stale = await w1.witness.addCheckpoint({ oldSize: 5, proof: [], note: cp.note });
    expect(stale).toMatchObject({ status: 409, size: 306 });
    const unknown = await w1.witness.addCheckpoint({
      oldSize: 0,
      proof: [],
      note: 'other.log\n1\nAAAA\n\n— x AAAAAA==\n',
    });
    expect(unknown.status).toBe(404);
    expect('error' in parseAddCheckpointBody('old x\n\nnote')).toBe(true);
  });
});

describe('malformed witness requests and notes never throw', () => {
  it('parseAddCheckpointBody and parseNote return errors for arbitrary text', async () => {
    const fc = (await import('fast-check')).default;
    const { parseNote } = await import('../log/note.js');
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (t) => {
        const r = parseAddCheckpointBody(t);
        if ('error' in r) expect(r.error.length).toBeGreaterThan(0);
        else expect(Number.isSafeInteger(r.oldSize)).toBe(true);
        parseNote(t);
      }),
      { numRuns: 300 },
    );
  });
});
