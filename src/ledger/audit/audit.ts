/**
 * Audit: recompute the log from what storage holds and hold it against the signed checkpoints.
 * Each stored entry carries, inside its hashed and org-signed bytes, the index it was appended at,
 * so besides "checkpoint root differs" the audit names the first index and the kind of tampering:
 *   modified  — the entry bytes no longer match their leaf hash or organisation signature
 *   deleted   — an index is missing (a gap, or later entries renumbered down)
 *   inserted  — an entry sits where its bytes say it does not belong (a duplicate/forged index)
 *   reordered — entries appear out of their recorded order
 * The checkpoint comparison is what makes the result trustworthy: an attacker who rewrites bytes,
 * hashes and indexes consistently is still caught at the first checkpoint whose root differs.
 */
import type { LedgerEntryRecord, LedgerKeyRecord, LedgerStore } from '../../store/ledger-store.js';
import { checkEntry } from '../bundle.js';
import { parseCheckpoint } from '../log/checkpoint.js';
import { openNote } from '../log/note.js';
import { parseVerifierKey } from '../log/note-keys.js';
import type { Verifier } from '../log/signer.js';
import { CompactRange } from '../merkle/compact-range.js';
import { leafHash, toHex } from '../merkle/hash.js';

export type TamperKind = 'modified' | 'deleted' | 'inserted' | 'reordered' | 'checkpoint';

export interface AuditProblem {
  readonly index: number;
  readonly kind: TamperKind;
  readonly detail: string;
}

export interface AuditReport {
  readonly ok: boolean;
  readonly entries: number;
  readonly checkpoints: number;
  readonly latest_checkpoint_size: number;
  /** The first problem by index (the answer to "where was the log changed"). */
  readonly first: AuditProblem | null;
  readonly problems: readonly AuditProblem[];
}

interface Row {
  readonly stored: number;
  readonly claimed: number | null;
  readonly bytesOk: boolean;
  readonly sigOk: boolean;
  readonly hash: Buffer;
  readonly reason: string;
}

export interface AuditDeps {
  readonly store: LedgerStore;
  readonly logVerifier: Verifier;
  /** Batch size of the entry scan. Default 10 000. */
  readonly batch?: number;
}

export async function auditLog(deps: AuditDeps): Promise<AuditReport> {
  const { store, logVerifier } = deps;
  const batch = deps.batch ?? 10_000;
  const problems: AuditProblem[] = [];

  // Signed checkpoints, oldest first; a bad signature is itself a finding.
  const cps: { size: number; root: Buffer }[] = [];
  for (const c of (await store.listCheckpoints()).reverse()) {
    const o = openNote(c.note, [logVerifier]);
    const p = o.ok ? parseCheckpoint(o.value.body) : undefined;
    if (!o.ok || !p?.ok) {
      problems.push({
        index: c.size,
        kind: 'checkpoint',
        detail: `checkpoint ${c.id} (size ${c.size}) is not validly signed`,
      });
      continue;
    }
    cps.push({ size: p.value.size, root: p.value.root });
  }
  cps.sort((a, b) => a.size - b.size);

  // One streaming pass, O(1) memory: replay the tree from the stored bytes (compared with every
  // checkpoint as its size is reached) and find the first row where storage disagrees with what
  // was appended. Each row is judged once its successor is known (for the inserted case), and a
  // row holding a later entry waits for the scan to show whether its own entry appears further on.
  const range = new CompactRange();
  let ci = 0;
  let prevSize = 0;
  const check = () => {
    while (ci < cps.length && cps[ci]!.size === range.size) {
      const cp = cps[ci]!;
      if (!range.root().equals(cp.root)) {
        problems.push({
          index: prevSize,
          kind: 'checkpoint',
          detail: `root of the first ${cp.size} stored entries is ${toHex(range.root())}, the signed checkpoint says ${toHex(cp.root)}: a change lies in [${prevSize}, ${cp.size})`,
        });
      }
      prevSize = cp.size;
      ci++;
    }
  };
  check();
  let finding: AuditProblem | undefined;
  const cache: AuditCache = { verifiers: new Map(), keys: new Map() };
  let waiting: { p: number; r: Row; seenLater: boolean } | undefined;
  let prev: Row | undefined;
  let pos = 0;
  const judge = (p: number, r: Row, next: Row | undefined) => {
    if (waiting && r.claimed === waiting.p && p > waiting.p) waiting.seenLater = true;
    if (finding || waiting) return;
    const res = classify(p, r, next);
    if (res === 'lookahead') waiting = { p, r, seenLater: false };
    else finding = res;
  };
  const maxIndex = Math.max(await store.size(), ...cps.map((c) => c.size));
  for (let from = 0; from < maxIndex; from += batch) {
    for (const e of await store.entries(from, from + batch)) {
      const row = await inspect(store, e, cache);
      range.append(row.hash);
      check();
      if (prev) judge(pos - 1, prev, row);
      prev = row;
      pos++;
    }
  }
  if (prev) judge(pos - 1, prev, undefined);
  const w = waiting as { p: number; r: Row; seenLater: boolean } | undefined;
  if (!finding && w) {
    finding = w.seenLater
      ? {
          index: w.p,
          kind: 'reordered',
          detail: `entry appended at ${w.p} is stored later; ${w.p} holds the entry appended at ${w.r.claimed}`,
        }
      : {
          index: w.p,
          kind: 'deleted',
          detail: `entry appended at ${w.p} is missing; ${w.p} holds the entry appended at ${w.r.claimed}`,
        };
  }
  if (finding) problems.push(finding);
  const last = cps[cps.length - 1];
  if (last && pos < last.size && !finding) {
    problems.push({
      index: pos,
      kind: 'deleted',
      detail: `checkpoint ${last.size} was signed but storage holds ${pos} entries`,
    });
  }

  problems.sort((a, b) => a.index - b.index || order(a.kind) - order(b.kind));
  // A row-level finding says what happened and where; the checkpoint finding only bounds it.
  const first = problems.find((p) => p.kind !== 'checkpoint') ?? problems[0] ?? null;
  return {
    ok: problems.length === 0,
    entries: pos,
    checkpoints: cps.length,
    latest_checkpoint_size: last?.size ?? 0,
    first,
    problems,
  };
}

/** Row-level findings rank before the checkpoint finding at the same index: they say what happened. */
const order = (k: TamperKind): number => (k === 'checkpoint' ? 1 : 0);

/** Judges row `r` at position `p`; 'lookahead' when only the rest of the scan can tell. */
function classify(p: number, r: Row, next: Row | undefined): AuditProblem | 'lookahead' | undefined {
  if (r.stored > p) {
    return {
      index: p,
      kind: 'deleted',
      detail: `no entry stored at index ${p} (next stored index is ${r.stored})`,
    };
  }
  if (r.claimed === null)
    return { index: p, kind: 'modified', detail: r.reason || 'entry has no recorded index' };
  if (r.claimed === p) {
    // A forged entry slipped in at p pushes the genuine p to p+1: pick the one that fails to verify.
    if (next && next.claimed === p) {
      const forged = !r.sigOk || !r.bytesOk ? p : !next.sigOk || !next.bytesOk ? p + 1 : p;
      return {
        index: forged,
        kind: 'inserted',
        detail: `two entries claim index ${p}; the one at ${forged} was not appended there`,
      };
    }
    if (!r.bytesOk || !r.sigOk) return { index: p, kind: 'modified', detail: r.reason };
    return undefined;
  }
  if (r.claimed < p) {
    return {
      index: p,
      kind: 'inserted',
      detail: `entry at ${p} was appended at index ${r.claimed}: an entry was inserted before it`,
    };
  }
  // r.claimed > p: p's own entry is either further on (reordered) or gone (deleted).
  return 'lookahead';
}

/** Recomputes one stored row: leaf hash, recorded index, organisation signature and key validity. */
async function inspect(store: LedgerStore, e: LedgerEntryRecord, cache: AuditCache): Promise<Row> {
  const hash = leafHash(e.leaf);
  const bytesOk = hash.equals(e.leafHash);
  const text = e.leaf.toString('utf8');
  let claimed: number | null = null;
  let sigOk = false;
  let reason = bytesOk ? '' : 'entry bytes do not match the stored leaf hash';
  try {
    const parsed = JSON.parse(text) as { index?: unknown };
    claimed = typeof parsed.index === 'number' ? parsed.index : null;
    const chk = checkEntry(text, claimed ?? -1, undefined, cache.verifiers);
    if (!chk.ok) reason ||= chk.issues[0]!.message;
    else {
      const at = Date.parse(chk.value.recorded_at);
      sigOk = (await orgKeyValid(store, chk.value.org, chk.value.org_key, at, cache)) ?? false;
      if (!sigOk)
        reason ||= `key ${chk.value.org_key} was not valid for ${chk.value.org} at ${chk.value.recorded_at}`;
    }
  } catch {
    reason ||= 'entry bytes are not JSON';
  }
  return { stored: e.index, claimed, bytesOk, sigOk, hash, reason };
}

interface AuditCache {
  readonly verifiers: Map<string, Verifier>;
  /** org name + org key text → the stored key record (null when it is not that org's key). */
  readonly keys: Map<string, LedgerKeyRecord | null>;
}

/** Whether `orgKey` belonged to `org` and was valid at `at`; undefined when the org is unknown here. */
async function orgKeyValid(
  store: LedgerStore,
  orgName: string,
  orgKey: string,
  at: number,
  cache: AuditCache,
): Promise<boolean | undefined> {
  const cacheKey = `${orgName}\u0000${orgKey}`;
  let key = cache.keys.get(cacheKey);
  if (key === undefined) {
    const org = await store.getOrg(orgName);
    if (!org) return undefined;
    const v = parseVerifierKey(orgKey);
    const rec = await store.getKey(org.id, v.keyId.toString('hex'));
    key = rec?.publicKey.equals(v.publicKey) ? rec : null;
    cache.keys.set(cacheKey, key);
  }
  if (!key) return false;
  return at >= key.validFrom && (key.validUntil === null || at <= key.validUntil);
}
