/** Helpers of the Ledger class: loading the tree head, key parsing, checkpoint summaries. */
import { XinzhiError } from '../core/index.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { CheckpointInfo } from './ledger-types.js';
import { parseNote } from './log/note.js';
import { ALG_ED25519, cosignatureTimestamp, ed25519Verifier, type Verifier } from './log/signer.js';
import { CompactRange } from './merkle/compact-range.js';
import { toHex } from './merkle/hash.js';
import type { TreeReader } from './merkle/tree-reader.js';

export const iso = (ms: number): string => new Date(ms).toISOString();

/** The compact range of the stored tree, or why it cannot be built (a gap in storage). */
export async function loadRange(
  store: LedgerStore,
  reader: TreeReader,
): Promise<{ range: CompactRange; damaged?: string }> {
  const size = await store.size();
  try {
    const parts = await Promise.all(CompactRange.decomposition(size).map((n) => reader.perfect(n)));
    return { range: CompactRange.fromSubtrees(size, parts) };
  } catch (e) {
    reader.clear();
    return { range: new CompactRange(), damaged: (e as Error).message };
  }
}

/** The 32-byte seed inside `PRIVATE+KEY+<name>+<id>+<base64(0x01 || seed)>`. */
export function privateSeedOf(skey: string): Buffer {
  const b64 = skey.trim().split('+').slice(4).join('+');
  return Buffer.from(b64, 'base64').subarray(1);
}

export function checkpointInfo(c: {
  id: number;
  size: number;
  root: Buffer;
  note: string;
  createdAt: number;
}): CheckpointInfo {
  const parsed = parseNote(c.note);
  const signers = parsed.ok
    ? parsed.value.signatures.map((sig) => ({
        name: sig.name,
        key_id: sig.keyId.toString('hex'),
        timestamp: sig.signature.length === 72 ? (cosignatureTimestamp(sig.signature) ?? null) : null,
      }))
    : [];
  return { id: c.id, size: c.size, root: toHex(c.root), note: c.note, created_at: iso(c.createdAt), signers };
}

export function ed25519VerifierFromKey(vkey: string): Verifier {
  const m = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(vkey.trim());
  const raw = m ? Buffer.from(m[3]!, 'base64') : Buffer.alloc(0);
  if (!m || raw.length !== 33 || raw[0] !== ALG_ED25519) {
    throw new XinzhiError('BAD_INPUT', 'expected an Ed25519 verifier key <name>+<id>+<base64>', {
      field: 'key',
    });
  }
  const v = ed25519Verifier(m[1]!, raw.subarray(1));
  if (v.keyId.toString('hex') !== m[2])
    throw new XinzhiError('BAD_INPUT', 'key id does not match the key', { field: 'key' });
  return v;
}
