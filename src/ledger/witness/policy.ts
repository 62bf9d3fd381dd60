/**
 * A verifier's witness policy: a checkpoint counts only when at least `quorum` of the named
 * witnesses have cosigned it (C2SP tlog-cosignature v1). The log's own signature is checked apart.
 */
import { fail, ok, type Result } from '../../core/index.js';
import { openNote } from '../log/note.js';
import { parseVerifierKey } from '../log/note-keys.js';
import { ALG_COSIGNATURE_V1 } from '../log/signer.js';

export interface WitnessPolicy {
  /** Verifier keys of the witnesses (algorithm 0x04). */
  readonly witnesses: readonly string[];
  /** How many distinct witnesses must cosign. */
  readonly quorum: number;
}

/** Names of the policy's witnesses that validly cosigned `note`, if they reach the quorum. */
export function checkWitnessPolicy(note: string, policy: WitnessPolicy): Result<readonly string[]> {
  const verifiers = policy.witnesses.map((k) => parseVerifierKey(k));
  const bad = verifiers.find((v) => v.algorithm !== ALG_COSIGNATURE_V1);
  if (bad)
    return fail({
      code: 'LEDGER_POLICY',
      message: `${bad.name} is not a cosignature/v1 key`,
      where: 'policy',
    });
  const opened = openNote(note, verifiers);
  const names = opened.ok ? [...new Set(opened.value.verified.map((s) => s.name))] : [];
  if (!opened.ok && !opened.issues.some((i) => i.message.startsWith('no signature from a known key')))
    return opened;
  if (names.length < policy.quorum) {
    return fail({
      code: 'LEDGER_POLICY',
      message: `${names.length} of the required ${policy.quorum} witnesses cosigned${names.length ? ` (${names.join(', ')})` : ''}`,
      where: 'checkpoint',
    });
  }
  return ok(names);
}
