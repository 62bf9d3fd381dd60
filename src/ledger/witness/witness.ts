/**
 * A witness (C2SP tlog-witness semantics): it cosigns a log's checkpoint only after verifying the
 * log's signature and a consistency proof from the last checkpoint it cosigned for that log, and
 * it remembers that checkpoint. Answers use the tlog-witness status codes (200 cosigned, 400 bad
 * request, 403 signature not verifiable, 404 unknown log, 409 old size does not match, 422 proof
 * does not verify), so the HTTP adapter only maps them.
 */
import type { Clock } from '../../core/index.js';
import type { LedgerStore } from '../../store/ledger-store.js';
import { parseCheckpoint } from '../log/checkpoint.js';
import { openNote, signatureLine } from '../log/note.js';
import type { Signer, Verifier } from '../log/signer.js';
import { verifyConsistency } from '../merkle/verify.js';

export interface AddCheckpointRequest {
  /** The size of the last checkpoint the witness cosigned for this log, as the log believes. */
  readonly oldSize: number;
  readonly proof: readonly Buffer[];
  readonly note: string;
}

export type AddCheckpointResponse =
  | { readonly status: 200; readonly cosignature: string }
  | { readonly status: 409; readonly size: number; readonly message: string }
  | { readonly status: 400 | 403 | 404 | 422; readonly message: string };

export interface WitnessDeps {
  /** A cosignature/v1 signer (key type 0x04). */
  readonly signer: Signer;
  /** Known logs: origin → the log's verifier key(s). */
  readonly logs: ReadonlyMap<string, readonly Verifier[]>;
  readonly store: LedgerStore;
  readonly clock: Clock;
}

export class Witness {
  constructor(private readonly deps: WitnessDeps) {}

  get name(): string {
    return this.deps.signer.name;
  }

  async addCheckpoint(req: AddCheckpointRequest): Promise<AddCheckpointResponse> {
    const { signer, logs, store, clock } = this.deps;
    const firstLine = req.note.split('\n', 1)[0] ?? '';
    const verifiers = logs.get(firstLine);
    if (!verifiers) return { status: 404, message: `unknown log origin '${firstLine}'` };
    const opened = openNote(req.note, verifiers);
    if (!opened.ok) return { status: 403, message: opened.issues.map((i) => i.message).join('; ') };
    const cp = parseCheckpoint(opened.value.body);
    if (!cp.ok) return { status: 400, message: cp.issues.map((i) => i.message).join('; ') };
    const { origin, size, root } = cp.value;
    if (!Number.isSafeInteger(req.oldSize) || req.oldSize < 0 || req.oldSize > size) {
      return {
        status: 400,
        message: `old size ${req.oldSize} is not between 0 and the checkpoint size ${size}`,
      };
    }
    const state = await store.witnessState(signer.name, origin);
    const known = state?.size ?? 0;
    if (req.oldSize !== known)
      return { status: 409, size: known, message: `the witness is at size ${known}, not ${req.oldSize}` };
    if (state && known > 0) {
      const consistent =
        known === size
          ? req.proof.length === 0 && state.root.equals(root)
          : verifyConsistency({
              size1: known,
              size2: size,
              root1: state.root,
              root2: root,
              proof: req.proof,
            });
      if (!consistent) {
        return {
          status: 422,
          message:
            known === size
              ? `split view: size ${size} was cosigned with another root`
              : `consistency proof from ${known} to ${size} does not verify`,
        };
      }
    } else if (req.proof.length > 0) {
      return { status: 422, message: 'a first checkpoint needs an empty proof' };
    }
    const stored = await store.setWitnessState(
      { witness: signer.name, origin, size, root, note: req.note, updatedAt: clock.now() },
      known,
    );
    if (!stored) {
      const now = await store.witnessState(signer.name, origin);
      return { status: 409, size: now?.size ?? 0, message: 'the witness advanced concurrently' };
    }
    return { status: 200, cosignature: signatureLine(opened.value.body, signer) };
  }
}

/** Parses the tlog-witness add-checkpoint body: `old <n>\n`, proof lines (base64), blank line, note. */
export function parseAddCheckpointBody(text: string): AddCheckpointRequest | { error: string } {
  const split = text.indexOf('\n\n');
  if (split < 0) return { error: 'expected "old <size>", proof lines, a blank line, then the checkpoint' };
  const head = text.slice(0, split).split('\n');
  const m = /^old (0|[1-9][0-9]*)$/.exec(head[0] ?? '');
  if (!m) return { error: 'the first line is "old <size>"' };
  const proof: Buffer[] = [];
  for (const line of head.slice(1)) {
    if (!/^[A-Za-z0-9+/]{43}=$/.test(line))
      return { error: `proof line '${line.slice(0, 20)}' is not a base64 hash` };
    proof.push(Buffer.from(line, 'base64'));
  }
  return { oldSize: Number(m[1]), proof, note: text.slice(split + 2) };
}

export function formatAddCheckpointBody(req: AddCheckpointRequest): string {
  return `old ${req.oldSize}\n${req.proof.map((p) => `${p.toString('base64')}\n`).join('')}\n${req.note}`;
}
