import { describe, expect, it } from 'vitest';
import { benchmarkJson } from '../../core/benchmark-data.fixture.js';
import {
  ALG_COSIGNATURE_V1,
  cosignatureSigner,
  cosignatureTimestamp,
  ed25519FromSeed,
  formatCheckpoint,
  formatVerifierKey,
  openNote,
  parseCheckpoint,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from './index.js';

const v = benchmarkJson('merkle', 'vectors.json');
const have = v !== undefined;

describe.skipIf(!have)('C2SP signed-note and checkpoint vectors', () => {
  it('every signed note verifies or fails as labelled', () => {
    const results = v.signedNotes.map((n: { id: string; vkeys: string[]; note: string; expect: string }) => {
      const res = openNote(n.note, n.vkeys.map(parseVerifierKey));
      return { id: n.id, ok: res.ok === (n.expect === 'valid') };
    });
    expect(results.filter((r: { ok: boolean }) => !r.ok)).toEqual([]);
    expect(results).toHaveLength(5);
  });

  it('checkpoints verify as labelled and re-signing is byte-identical (Ed25519 is deterministic)', () => {
    const signer = parseSignerKey(v.checkpoints.testSignerKey);
    expect(formatVerifierKey(signer)).toBe(v.checkpoints.vkey);
    const verifier = parseVerifierKey(v.checkpoints.vkey);
    for (const item of v.checkpoints.items) {
      const res = openNote(item.note, [verifier]);
      expect(res.ok, item.id).toBe(item.expect === 'valid');
      if (!res.ok) continue;
      const cp = parseCheckpoint(res.value.body);
      expect(cp.ok).toBe(true);
      if (!cp.ok) continue;
      expect(cp.value.size).toBe(item.size);
      expect(cp.value.root.toString('hex')).toBe(item.root);
      expect(signNote(formatCheckpoint(cp.value), [signer])).toBe(item.note);
    }
  });

  it('parses the C2SP checkpoint and cosignature examples', () => {
    const ex = v.c2spExamples;
    const body = `${ex.checkpoint.origin}\n${ex.checkpoint.size}\n${ex.checkpoint.rootBase64}\n`;
    const cp = parseCheckpoint(body);
    expect(cp.ok && cp.value.size).toBe(20852163);
    const raw = Buffer.from(ex.cosignature.signatureBase64, 'base64');
    expect(raw.subarray(0, 4).toString('hex')).toBe(ex.cosignature.keyId);
    expect(cosignatureTimestamp(raw.subarray(4))).toBe(ex.cosignature.timestamp);
  });
});

describe('notes and cosignatures', () => {
  const log = parseSignerKey(
    'PRIVATE+KEY+example.com/ledger-test-vectors+a40cf4ce+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz',
  );
  const wkey = ed25519FromSeed(Buffer.alloc(32, 9));
  const witness = cosignatureSigner('witness.example/w1', wkey, () => 1_700_000_000);
  const wvkey = formatVerifierKey({
    name: witness.name,
    algorithm: ALG_COSIGNATURE_V1,
    publicKey: wkey.publicKey,
  });

  it('a cosignature/v1 verifies against the body and carries its timestamp', () => {
    const body = 'example.com/ledger-test-vectors\n3\nrrbs/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8ynganc=\n';
    const note = signNote(body, [log, witness]);
    const res = openNote(note, [parseVerifierKey(wvkey)]);
    expect(res.ok).toBe(true);
    if (res.ok) expect(cosignatureTimestamp(res.value.verified[0]!.signature)).toBe(1_700_000_000);
    const tampered = note.replace('\n3\n', '\n4\n');
    expect(openNote(tampered, [parseVerifierKey(wvkey)]).ok).toBe(false);
  });

  it('rejects malformed notes and keys with a reason', () => {
    for (const bad of [
      '',
      'body\n',
      'body\n\n',
      'body\n\n- x abc\n',
      'body\n\n— name !!!\n',
      'a\u0001\n\n— n AAAAAAA=\n',
    ]) {
      const r = parseNote(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues[0]!.message.length).toBeGreaterThan(5);
    }
    expect(() => parseVerifierKey('name+00000000+AQ==')).toThrow(/32 bytes/);
    expect(() => parseVerifierKey('na me+00000000+AQ==')).toThrow(/whitespace/);
    expect(() =>
      parseVerifierKey(`${v?.checkpoints.vkey ?? 'a+b'}`.replace('a40cf4ce', 'a40cf4cf')),
    ).toThrow();
  });
});
