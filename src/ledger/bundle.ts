/**
 * Offline verification of a proof bundle (the output of `xinzhi ledger prove`). Needs nothing but
 * the bundle and, ideally, the log key the verifier already trusts; every step is an RFC 9162 or
 * Ed25519 operation a third party can redo with other libraries (docs/ledger.md, worked example).
 */
import { z } from 'zod';
import { fail, type Issue, ok, type Result } from '../core/index.js';
import { parseCheckpoint } from './log/checkpoint.js';
import { eventSignedMessage, type LedgerEntry } from './log/entry.js';
import { openNote } from './log/note.js';
import { parseVerifierKey } from './log/note-keys.js';
import type { Verifier } from './log/signer.js';
import { fromHex, leafHash, toHex } from './merkle/hash.js';
import { verifyInclusion } from './merkle/verify.js';
import { checkWitnessPolicy, type WitnessPolicy } from './witness/policy.js';

export interface ProofBundle {
  readonly index: number;
  readonly tree_size: number;
  /** hex SHA-256(0x00 || entry bytes) */
  readonly leaf_hash: string;
  /** RFC 9162 inclusion path, hex, leaf upwards. */
  readonly proof: readonly string[];
  /** C2SP signed note (checkpoint), possibly with witness cosignatures. */
  readonly checkpoint: string;
  /** The log's verifier key `<origin>+<key id>+<base64>`. */
  readonly public_key: string;
  /** The entry (leaf bytes as UTF-8 text); optional — without it only inclusion is checked. */
  readonly entry?: string;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
export const proofBundleSchema = z.object({
  index: z.number().int().nonnegative(),
  tree_size: z.number().int().positive(),
  leaf_hash: hex64,
  proof: z.array(hex64),
  checkpoint: z.string().min(1),
  public_key: z.string().min(1),
  entry: z.string().optional(),
});

export interface BundleVerification {
  readonly index: number;
  readonly tree_size: number;
  readonly root: string;
  readonly origin: string;
  readonly event_id: string | null;
  readonly org: string | null;
  /** Witness names whose cosignatures verified (only when a policy was given). */
  readonly witnesses: readonly string[];
  readonly checks: readonly string[];
}

export interface VerifyBundleOptions {
  /** The log key the verifier trusts; without it the bundle's own `public_key` is used (and said so). */
  readonly trustedLogKey?: string;
  /** Organisation keys the verifier trusts; when given, the entry's org key must be one of them. */
  readonly trustedOrgKeys?: readonly string[];
  readonly witnessPolicy?: WitnessPolicy;
}

const issue = (message: string, where: string): Issue => ({ code: 'LEDGER_BAD_BUNDLE', message, where });

/** Checks a bundle; every failed check is listed. */
export function verifyBundle(input: unknown, options: VerifyBundleOptions = {}): Result<BundleVerification> {
  const parsed = proofBundleSchema.safeParse(input);
  if (!parsed.success) {
    return fail(
      ...parsed.error.issues.map((i) =>
        issue(`${i.path.join('.') || 'bundle'}: ${i.message}`, i.path.join('.')),
      ),
    );
  }
  const b = parsed.data;
  const checks: string[] = [];
  let logVerifier: Verifier;
  try {
    logVerifier = parseVerifierKey(options.trustedLogKey ?? b.public_key);
  } catch (e) {
    return fail(issue(`log key: ${(e as Error).message}`, 'public_key'));
  }
  if (options.trustedLogKey && options.trustedLogKey.trim() !== b.public_key.trim()) {
    checks.push('bundle public_key differs from the trusted log key; the trusted key was used');
  }
  if (!options.trustedLogKey)
    checks.push('log key taken from the bundle (pin it with --log-key to trust it)');
  const note = openNote(b.checkpoint, [logVerifier]);
  if (!note.ok) return fail(...note.issues.map((i) => issue(`checkpoint: ${i.message}`, 'checkpoint')));
  checks.push(`checkpoint signed by ${logVerifier.name}`);
  const cp = parseCheckpoint(note.value.body);
  if (!cp.ok) return fail(...cp.issues.map((i) => issue(i.message, `checkpoint.${i.where}`)));
  if (cp.value.origin !== logVerifier.name)
    return fail(issue(`checkpoint origin ${cp.value.origin} is not the log key name`, 'checkpoint'));
  if (cp.value.size !== b.tree_size)
    return fail(issue(`tree_size ${b.tree_size} ≠ checkpoint size ${cp.value.size}`, 'tree_size'));
  const problems: Issue[] = [];
  let eventId: string | null = null;
  let org: string | null = null;
  if (b.entry !== undefined) {
    const lh = toHex(leafHash(Buffer.from(b.entry, 'utf8')));
    if (lh !== b.leaf_hash) problems.push(issue(`SHA-256(0x00 || entry) is ${lh}, not leaf_hash`, 'entry'));
    else checks.push('leaf hash recomputed from the entry');
    const entryCheck = checkEntry(b.entry, b.index, options.trustedOrgKeys);
    if (entryCheck.ok) {
      eventId = entryCheck.value.event_id;
      org = entryCheck.value.org;
      checks.push(`event ${eventId} signed by ${org}`);
    } else problems.push(...entryCheck.issues);
  }
  const included = verifyInclusion({
    index: b.index,
    size: b.tree_size,
    leafHash: fromHex(b.leaf_hash)!,
    proof: b.proof.map((h) => fromHex(h)!),
    root: cp.value.root,
  });
  if (included) checks.push(`RFC 9162 inclusion of leaf ${b.index} in tree ${b.tree_size}`);
  else problems.push(issue('the inclusion proof does not lead to the checkpoint root', 'proof'));
  let witnesses: string[] = [];
  if (options.witnessPolicy) {
    const w = checkWitnessPolicy(b.checkpoint, options.witnessPolicy);
    if (w.ok) {
      witnesses = [...w.value];
      checks.push(`witness policy met by ${witnesses.join(', ')}`);
    } else problems.push(...w.issues);
  }
  if (problems.length > 0) return fail(...problems);
  return ok({
    index: b.index,
    tree_size: b.tree_size,
    root: toHex(cp.value.root),
    origin: cp.value.origin,
    event_id: eventId,
    org,
    witnesses,
    checks,
  });
}

/** Checks an entry's shape, its index and its organisation signature. */
export function checkEntry(
  text: string,
  index: number,
  trustedOrgKeys?: readonly string[],
  /** Parsed org keys by text, reused across calls (the audit checks every entry). */
  verifierCache?: Map<string, Verifier>,
): Result<LedgerEntry> {
  let e: LedgerEntry;
  try {
    e = JSON.parse(text) as LedgerEntry;
  } catch {
    return fail(issue('entry is not JSON', 'entry'));
  }
  if (e === null || typeof e !== 'object' || typeof e.org_key !== 'string' || typeof e.sig !== 'string') {
    return fail(issue('entry lacks org_key or sig', 'entry'));
  }
  if (e.index !== index)
    return fail(issue(`entry says index ${e.index}, bundle says ${index}`, 'entry.index'));
  if (trustedOrgKeys && !trustedOrgKeys.map((k) => k.trim()).includes(e.org_key)) {
    return fail(issue(`org key ${e.org_key} is not among the trusted organisation keys`, 'entry.org_key'));
  }
  let v = verifierCache?.get(e.org_key);
  if (!v) {
    try {
      v = parseVerifierKey(e.org_key);
    } catch (err) {
      return fail(issue(`org key: ${(err as Error).message}`, 'entry.org_key'));
    }
    verifierCache?.set(e.org_key, v);
  }
  const msg = eventSignedMessage(e.org, e.event, e.context, e.event_id);
  if (v.name !== e.org || !v.verify(msg, Buffer.from(e.sig, 'base64'))) {
    return fail(issue(`the organisation signature of ${e.org} does not verify`, 'entry.sig'));
  }
  return ok(e);
}
