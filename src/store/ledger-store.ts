/**
 * Persistence of the signed ledger (src/ledger). Kept apart from the main Store so the ledger
 * can be developed and tested alone; the SQLite store exposes it as `store.ledger`. Every method
 * returns a Promise so a PostgreSQL implementation (BYTEA for blobs, BIGINT for indexes and
 * times) can implement the same contract. Byte strings are Buffers.
 */

/** One log entry: the exact leaf bytes the Merkle leaf hash covers, plus indexed columns. */
export interface LedgerEntryRecord {
  /** 0-based position in the log. */
  readonly index: number;
  /** SHA-256(0x00 || leaf). */
  readonly leafHash: Buffer;
  /** The leaf bytes (the canonical JSON entry envelope). */
  readonly leaf: Buffer;
  readonly eventId: string;
  readonly orgId: string;
  readonly keyId: string;
  /** UTC ms. */
  readonly recordedAt: number;
}

/** A stored perfect-subtree hash (levels 4, 8, 12…: the tile layout of src/ledger/merkle/tree-reader.ts). */
export interface LedgerNodeRecord {
  readonly level: number;
  readonly index: number;
  readonly hash: Buffer;
}

export interface LedgerCheckpointRecord {
  readonly id: number;
  readonly size: number;
  readonly root: Buffer;
  /** The signed note text, cosignature lines included once collected. */
  readonly note: string;
  readonly createdAt: number;
}

export interface LedgerOrgRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
}

export type LedgerKeyKind = 'org' | 'log' | 'witness';

export interface LedgerKeyRecord {
  /** Org id, `log`, or the witness name. */
  readonly owner: string;
  /** 8 hex digits: the C2SP note key id. */
  readonly keyId: string;
  readonly kind: LedgerKeyKind;
  /** Key name used in notes and verifier keys. */
  readonly name: string;
  /** Signature algorithm byte (0x01 Ed25519, 0x04 cosignature/v1). */
  readonly algorithm: number;
  readonly publicKey: Buffer;
  /** Present only for keys this installation signs with. */
  readonly privateSeed: Buffer | null;
  readonly validFrom: number;
  /** Set when the key was rotated out; signatures made before stay valid. */
  readonly validUntil: number | null;
}

/** What a witness remembers per log: the last checkpoint it cosigned. */
export interface WitnessStateRecord {
  readonly witness: string;
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
  readonly note: string;
  readonly updatedAt: number;
}

/**
 * One row of the trace index (src/ledger/trace): an identifier named by an event. Rebuildable from
 * the entries at any time, so it is an index, not part of what the Merkle tree covers.
 */
export interface TraceLinkRecord {
  /** The identifier as the trace engine normalises it (EPC, LGTIN class, SSCC, declared event id). */
  readonly key: string;
  readonly index: number;
  /** What the identifier is in that event (a small integer, src/ledger/trace/roles.ts). */
  readonly role: number;
  /** The event's eventTime, UTC ms. */
  readonly time: number;
}

export interface LedgerStore {
  /** Creates the ledger tables if missing; idempotent. */
  migrate(): Promise<void>;

  // ── log ─────────────────────────────────────────────────────────────────────────────────────
  /** Number of entries (max index + 1). */
  size(): Promise<number>;
  /**
   * Appends entries (consecutive indexes starting at `size()`) and completed tile nodes in one
   * transaction. Throws a CONFLICT XinzhiError when the first index is not the current size.
   */
  appendEntries(entries: readonly LedgerEntryRecord[], nodes: readonly LedgerNodeRecord[]): Promise<void>;
  /** Entries with from ≤ index < to, ascending by index (gaps are not filled). */
  entries(from: number, to: number): Promise<LedgerEntryRecord[]>;
  entriesByEventId(eventId: string): Promise<LedgerEntryRecord[]>;
  /** Level 0: leaf hashes; higher stored levels: nodes; indexes [from, to), ascending. */
  hashesAt(level: number, from: number, to: number): Promise<Buffer[]>;

  /** Entries at the given indexes, ascending by index; indexes not in the log are left out. */
  entriesAt(indexes: readonly number[]): Promise<LedgerEntryRecord[]>;

  // ── trace index (migration 11) ────────────────────────────────────────────────────────────────
  /** How many entries (from index 0) the trace index covers. */
  traceIndexed(): Promise<number>;
  /**
   * Adds the links of entries [from, to) and moves the watermark from `from` to `to`, in one
   * transaction. Returns false and writes nothing when the watermark is no longer `from` (another
   * process indexed those entries first).
   */
  addTraceLinks(from: number, to: number, links: readonly TraceLinkRecord[]): Promise<boolean>;
  /** Every link of the given keys, ascending by index. */
  traceLinks(keys: readonly string[]): Promise<TraceLinkRecord[]>;

  // ── checkpoints ───────────────────────────────────────────────────────────────────────────────
  addCheckpoint(input: Omit<LedgerCheckpointRecord, 'id'>): Promise<LedgerCheckpointRecord>;
  /** Replaces the note text (to add cosignature lines); size and root never change. */
  updateCheckpointNote(id: number, note: string): Promise<void>;
  latestCheckpoint(): Promise<LedgerCheckpointRecord | undefined>;
  /** Newest first. */
  listCheckpoints(limit?: number): Promise<LedgerCheckpointRecord[]>;

  // ── organisations and keys ────────────────────────────────────────────────────────────────────
  createOrg(org: LedgerOrgRecord): Promise<void>;
  /** By id or by name. */
  getOrg(idOrName: string): Promise<LedgerOrgRecord | undefined>;
  listOrgs(): Promise<LedgerOrgRecord[]>;
  putKey(key: LedgerKeyRecord): Promise<void>;
  getKey(owner: string, keyId: string): Promise<LedgerKeyRecord | undefined>;
  /** All keys of an owner, oldest first. */
  keysOf(owner: string): Promise<LedgerKeyRecord[]>;
  retireKey(owner: string, keyId: string, at: number): Promise<void>;

  // ── settings (log origin and similar) ─────────────────────────────────────────────────────────
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;

  // ── witness ───────────────────────────────────────────────────────────────────────────────────
  witnessState(witness: string, origin: string): Promise<WitnessStateRecord | undefined>;
  /**
   * Stores the new state only if the stored size is still `expectedSize` (0 when none), so two
   * concurrent requests cannot both advance the witness. Returns whether it was stored.
   */
  setWitnessState(state: WitnessStateRecord, expectedSize: number): Promise<boolean>;
}
