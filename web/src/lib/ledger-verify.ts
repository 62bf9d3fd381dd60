/**
 * Verifies a ledger proof bundle (GET /api/v1/ledger/proofs/{index}) in the browser with WebCrypto
 * only: SHA-256 for RFC 9162 leaf and node hashes, Ed25519 for the checkpoint's C2SP signed note.
 * A port of the server's src/ledger/merkle/verify.ts (inclusion path recomputation, RFC 9162
 * §2.1.3.2) and of the checkpoint checks of src/ledger/bundle.ts, written again here because the
 * dashboard must not import Node modules; test/unit/ledger-browser-verify.test.ts checks both agree.
 *
 * Every step is recorded so the page can show how the verdict was reached. The organisation's
 * event signature is not checked here (it needs RFC 8785 canonical JSON); `xinzhi ledger verify`
 * checks it offline.
 */

export interface ProofBundleInput {
  readonly index: number;
  readonly tree_size: number;
  readonly leaf_hash: string;
  readonly proof: readonly string[];
  readonly checkpoint: string;
  readonly public_key: string;
  readonly entry?: string;
}

export type StepKind =
  | 'logKey'
  | 'signature'
  | 'checkpoint'
  | 'leaf'
  | 'entryIndex'
  | 'pathLeft'
  | 'pathRight'
  | 'pathLength'
  | 'root'
  | 'cosignature';

export interface VerifyStep {
  readonly kind: StepKind;
  readonly ok: boolean;
  /** Values the message shows (hashes are hex). */
  readonly params: Readonly<Record<string, string | number>>;
}

export interface VerifyOutcome {
  readonly ok: boolean;
  readonly steps: readonly VerifyStep[];
}

const enc = new TextEncoder();

export const toHex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function fromHex(h: string): Uint8Array | undefined {
  if (!/^(?:[0-9a-f]{2})*$/.test(h)) return undefined;
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function fromBase64(s: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return undefined;
  const bin = atob(s);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

const equal = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** RFC 9162 leaf hash: SHA-256(0x00 || leaf). */
export const leafHash = (leaf: Uint8Array): Promise<Uint8Array> => sha256(concat(new Uint8Array([0]), leaf));
/** RFC 9162 node hash: SHA-256(0x01 || left || right). */
export const nodeHash = (l: Uint8Array, r: Uint8Array): Promise<Uint8Array> =>
  sha256(concat(new Uint8Array([1]), l, r));

/** C2SP note key id: SHA-256(name || "\n" || algorithm || public key)[:4]. */
async function noteKeyId(name: string, alg: number, pk: Uint8Array): Promise<Uint8Array> {
  return (await sha256(concat(enc.encode(`${name}\n`), new Uint8Array([alg]), pk))).subarray(0, 4);
}

async function ed25519Verify(pk: Uint8Array, sig: Uint8Array, msg: Uint8Array): Promise<boolean> {
  const key = await crypto.subtle.importKey('raw', concat(pk), { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, concat(sig), concat(msg));
}

interface NoteLine {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly sig: Uint8Array;
}

function parseNote(text: string): { body: string; lines: NoteLine[] } | undefined {
  const split = text.lastIndexOf('\n\n');
  if (split < 0 || !text.endsWith('\n')) return undefined;
  const lines: NoteLine[] = [];
  for (const line of text.slice(split + 2, -1).split('\n')) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    const raw = m ? fromBase64(m[2]!) : undefined;
    if (!m || !raw || raw.length < 5) return undefined;
    lines.push({ name: m[1]!, keyId: raw.subarray(0, 4), sig: raw.subarray(4) });
  }
  return { body: text.slice(0, split + 1), lines };
}

/**
 * Recomputes the root from the inclusion path, recording each step (RFC 9162 §2.1.3.2); undefined
 * when the path cannot fit (index, size).
 */
export async function rootFromInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  steps: VerifyStep[],
): Promise<Uint8Array | undefined> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size)
    return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const [i, p] of proof.entries()) {
    if (sn === 0 || p.length !== 32) {
      steps.push({ kind: 'pathLength', ok: false, params: { given: proof.length, level: i } });
      return undefined;
    }
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      steps.push({ kind: 'pathLeft', ok: true, params: { level: i, sibling: toHex(p), result: toHex(r) } });
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
      steps.push({ kind: 'pathRight', ok: true, params: { level: i, sibling: toHex(p), result: toHex(r) } });
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) {
    steps.push({ kind: 'pathLength', ok: false, params: { given: proof.length, level: proof.length } });
    return undefined;
  }
  return r;
}

/** Checks a bundle step by step; `trustedLogKey` (the log key the user pins) replaces the bundle's. */
export async function verifyBundleInBrowser(
  b: ProofBundleInput,
  trustedLogKey?: string,
): Promise<VerifyOutcome> {
  const steps: VerifyStep[] = [];
  const done = (): VerifyOutcome => ({ ok: steps.length > 0 && steps.every((s) => s.ok), steps });

  // 1. The log key: <name>+<8 hex key id>+<base64(0x01 || 32-byte Ed25519 key)>.
  const vkey = (trustedLogKey ?? b.public_key).trim();
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey);
  const raw = m ? fromBase64(m[3]!) : undefined;
  const keyOk = !!m && !!raw && raw.length === 33 && raw[0] === 1;
  const pk = keyOk ? raw!.subarray(1) : new Uint8Array();
  const name = m?.[1] ?? '';
  const idOk = keyOk && toHex(await noteKeyId(name, 1, pk)) === m![2];
  steps.push({ kind: 'logKey', ok: idOk, params: { name, keyId: m?.[2] ?? '?' } });
  if (!idOk) return done();

  // 2. The checkpoint note carries a valid Ed25519 signature by that key.
  const note = parseNote(b.checkpoint);
  const sigLine = note?.lines.find((l) => l.name === name && toHex(l.keyId) === m![2]);
  const sigOk =
    !!note &&
    !!sigLine &&
    sigLine.sig.length === 64 &&
    (await ed25519Verify(pk, sigLine.sig, enc.encode(note.body)));
  steps.push({ kind: 'signature', ok: sigOk, params: { name } });
  if (!sigOk || !note) return done();

  // 3. The checkpoint body: origin = key name, size = tree_size, a 32-byte root.
  const [origin, sizeText, rootText] = note.body.slice(0, -1).split('\n');
  const root = rootText && /^[A-Za-z0-9+/]{43}=$/.test(rootText) ? fromBase64(rootText) : undefined;
  const cpOk = origin === name && sizeText === String(b.tree_size) && !!root;
  steps.push({
    kind: 'checkpoint',
    ok: cpOk,
    params: {
      origin: origin ?? '?',
      size: sizeText ?? '?',
      treeSize: b.tree_size,
      root: root ? toHex(root) : '?',
    },
  });
  if (!cpOk || !root) return done();

  // 4. The leaf hash, recomputed from the entry bytes when the bundle has them.
  const given = fromHex(b.leaf_hash);
  if (b.entry !== undefined) {
    const lh = await leafHash(enc.encode(b.entry));
    steps.push({
      kind: 'leaf',
      ok: !!given && equal(lh, given),
      params: { computed: toHex(lh), given: b.leaf_hash },
    });
    let entryIndex: unknown;
    try {
      entryIndex = (JSON.parse(b.entry) as { index?: unknown }).index;
    } catch {
      entryIndex = undefined;
    }
    steps.push({
      kind: 'entryIndex',
      ok: entryIndex === b.index,
      params: { entry: String(entryIndex), index: b.index },
    });
  }
  if (given?.length !== 32) {
    steps.push({ kind: 'leaf', ok: false, params: { computed: '?', given: b.leaf_hash } });
    return done();
  }

  // 5. The inclusion path up to a root, and that root against the signed one.
  const proof = b.proof.map((h) => fromHex(h) ?? new Uint8Array());
  const computed = await rootFromInclusion(b.index, b.tree_size, given, proof, steps);
  steps.push({
    kind: 'root',
    ok: !!computed && equal(computed, root),
    params: { computed: computed ? toHex(computed) : '?', signed: toHex(root) },
  });

  // 6. Witness cosignatures present on the note (their keys are the verifier's policy, not ours).
  for (const l of note.lines) {
    if (l.name === name && toHex(l.keyId) === m![2]) continue;
    steps.push({ kind: 'cosignature', ok: true, params: { name: l.name, keyId: toHex(l.keyId) } });
  }
  return done();
}
