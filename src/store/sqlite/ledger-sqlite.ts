/**
 * LedgerStore on SQLite (better-sqlite3). Takes an open Database handle, creates its own
 * `ledger_*` tables idempotently, and keeps leaves in an INTEGER PRIMARY KEY table (the index is
 * the rowid, so range reads are B-tree scans) and tile nodes in a WITHOUT ROWID table.
 *
 * Private signing seeds are stored sealed (AES-256-GCM, seed-box.ts) with a key kept outside the
 * database (secret-key.ts); seeds an older xinzhi stored in clear are sealed when the store opens.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import * as ledgerRows from '../ledger-rows.js';
import type * as ledger from '../ledger-store.js';
import { SECRET_KEY_BYTES, type SecretKeySource } from './secret-key.js';
import { isSealed } from './seed-box.js';

/** The ledger tables; idempotent (also the SQLite store's migration 2, see migrations.ts). */
export const LEDGER_SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger_entries (
  idx INTEGER PRIMARY KEY,
  leaf_hash BLOB NOT NULL,
  leaf BLOB NOT NULL,
  event_id TEXT NOT NULL,
  org_id TEXT NOT NULL,
  key_id TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_entries_event ON ledger_entries(event_id);
CREATE TABLE IF NOT EXISTS ledger_nodes (
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_checkpoints (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  size INTEGER NOT NULL,
  root BLOB NOT NULL,
  note TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_orgs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_keys (
  owner TEXT NOT NULL,
  key_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  algorithm INTEGER NOT NULL,
  public_key BLOB NOT NULL,
  private_seed BLOB,
  valid_from INTEGER NOT NULL,
  valid_until INTEGER,
  PRIMARY KEY (owner, key_id)
);
CREATE TABLE IF NOT EXISTS ledger_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_witness_state (
  witness TEXT NOT NULL,
  origin TEXT NOT NULL,
  size INTEGER NOT NULL,
  root BLOB NOT NULL,
  note TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (witness, origin)
);
`;

/**
 * The trace index (the SQLite store's migration 11; idempotent): one row per identifier an event
 * names, keyed so a trace step is one B-tree range per identifier, and the watermark of entries
 * indexed so far (one row, moved in the same transaction as the links it covers).
 */
export const TRACE_SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger_trace (
  key TEXT NOT NULL,
  idx INTEGER NOT NULL,
  role INTEGER NOT NULL,
  t INTEGER NOT NULL,
  PRIMARY KEY (key, idx, role)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_trace_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed INTEGER NOT NULL
);
INSERT OR IGNORE INTO ledger_trace_state (id, indexed) VALUES (1, 0);
`;

/** Keys per `IN (…)` lookup: well below SQLite's default 32 766 bound variables. */
const KEYS_PER_QUERY = 500;

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(',');

/** Without a key source a handle's seeds are sealed with a key that lives as long as the handle. */
const handleKeys = new WeakMap<Database.Database, Buffer>();
export class SqliteLedgerStore implements ledger.LedgerStore {
  private stmts: ReturnType<SqliteLedgerStore['prepare']> | undefined;

  private readonly secrets: SecretKeySource;
  private key: Buffer | undefined;

  /**
   * `secrets`: where the seed-sealing key comes from; `SqliteStore` passes the key file or
   * XINZHI_SECRET_KEY. Omitted (tests, in-memory tools): a random key tied to this `db` handle.
   */
  constructor(
    private readonly db: Database.Database,
    secrets?: SecretKeySource,
  ) {
    this.secrets = secrets ?? {
      where: 'a key held in memory for this database handle',
      load: () => {
        const k = handleKeys.get(db) ?? randomBytes(SECRET_KEY_BYTES);
        handleKeys.set(db, k);
        return k;
      },
    };
  }

  async migrate(): Promise<void> {
    this.db.exec(LEDGER_SCHEMA);
    this.db.exec(TRACE_SCHEMA);
    this.stmts = this.prepare();
    this.unlockIfNeeded();
  }

  /**
   * When the database holds private seeds, loads and checks the key now (so a wrong or missing key
   * fails at open, naming XINZHI_SECRET_KEY and --secret-key-file) and seals seeds stored in clear.
   */
  unlockIfNeeded(): void {
    const s = this.s;
    if (s.getMeta.get(ledgerRows.CHECK_META) === undefined && s.anySeed.get() === undefined) return;
    const key = this.sealingKey();
    const clear = (s.seeds.all() as { owner: string; key_id: string; private_seed: Buffer }[]).filter(
      (r) => !isSealed(r.private_seed),
    );
    if (clear.length === 0) return;
    // secure_delete zeroes the freed cells, and the TRUNCATE checkpoint drops WAL frames, so the
    // clear seeds do not linger in the file after they are sealed.
    const secureDelete = this.db.pragma('secure_delete', { simple: true });
    this.db.pragma('secure_delete = ON');
    try {
      this.db.transaction(() => {
        for (const r of clear)
          s.setSeed.run(ledgerRows.sealSeed(key, r.owner, r.key_id, r.private_seed), r.owner, r.key_id);
      })();
      if (!this.db.memory) this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.pragma(`secure_delete = ${Number(secureDelete)}`);
    }
  }

  /** The sealing key, verified against the check value stored with the first sealed seed. */
  private sealingKey(): Buffer {
    if (this.key) return this.key;
    const s = this.s;
    const check = s.getMeta.get(ledgerRows.CHECK_META) as string | undefined;
    const sealedSeeds = (s.seeds.all() as { private_seed: Buffer }[]).some((r) => isSealed(r.private_seed));
    const key = this.secrets.load(check === undefined && !sealedSeeds);
    if (check !== undefined) ledgerRows.verifySealingKey(key, check, this.secrets.where);
    else s.setMeta.run(ledgerRows.CHECK_META, ledgerRows.keyCheckValue(key));
    this.key = key;
    return key;
  }

  private seedOf(r: ledgerRows.KeyRow): Buffer | null {
    if (r.private_seed === null || !isSealed(r.private_seed)) return r.private_seed;
    return ledgerRows.openSeed(this.sealingKey(), r, r.private_seed, this.secrets.where);
  }

  private prepare() {
    const db = this.db;
    return {
      size: db.prepare('SELECT COALESCE(MAX(idx) + 1, 0) AS n FROM ledger_entries'),
      insertEntry: db.prepare(
        'INSERT INTO ledger_entries (idx, leaf_hash, leaf, event_id, org_id, key_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      insertNode: db.prepare('INSERT OR REPLACE INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)'),
      entries: db.prepare('SELECT * FROM ledger_entries WHERE idx >= ? AND idx < ? ORDER BY idx'),
      byEvent: db.prepare('SELECT * FROM ledger_entries WHERE event_id = ? ORDER BY idx'),
      leafHashes: db
        .prepare('SELECT leaf_hash FROM ledger_entries WHERE idx >= ? AND idx < ? ORDER BY idx')
        .pluck(),
      nodes: db
        .prepare('SELECT hash FROM ledger_nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx')
        .pluck(),
      addCheckpoint: db.prepare(
        'INSERT INTO ledger_checkpoints (size, root, note, created_at) VALUES (?, ?, ?, ?)',
      ),
      updateNote: db.prepare('UPDATE ledger_checkpoints SET note = ? WHERE id = ?'),
      latestCheckpoint: db.prepare('SELECT * FROM ledger_checkpoints ORDER BY id DESC LIMIT 1'),
      listCheckpoints: db.prepare('SELECT * FROM ledger_checkpoints ORDER BY id DESC LIMIT ?'),
      createOrg: db.prepare('INSERT INTO ledger_orgs (id, name, created_at) VALUES (?, ?, ?)'),
      getOrg: db.prepare('SELECT * FROM ledger_orgs WHERE id = ? OR name = ? LIMIT 1'),
      listOrgs: db.prepare('SELECT * FROM ledger_orgs ORDER BY name'),
      putKey: db.prepare(
        `INSERT OR REPLACE INTO ledger_keys (owner, key_id, kind, name, algorithm, public_key, private_seed, valid_from, valid_until)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      getKey: db.prepare('SELECT * FROM ledger_keys WHERE owner = ? AND key_id = ?'),
      keysOf: db.prepare('SELECT * FROM ledger_keys WHERE owner = ? ORDER BY valid_from, key_id'),
      retireKey: db.prepare(
        'UPDATE ledger_keys SET valid_until = ? WHERE owner = ? AND key_id = ? AND valid_until IS NULL',
      ),
      anySeed: db.prepare('SELECT 1 FROM ledger_keys WHERE private_seed IS NOT NULL LIMIT 1').pluck(),
      seeds: db.prepare('SELECT owner, key_id, private_seed FROM ledger_keys WHERE private_seed IS NOT NULL'),
      setSeed: db.prepare('UPDATE ledger_keys SET private_seed = ? WHERE owner = ? AND key_id = ?'),
      getMeta: db.prepare('SELECT value FROM ledger_meta WHERE key = ?').pluck(),
      setMeta: db.prepare('INSERT OR REPLACE INTO ledger_meta (key, value) VALUES (?, ?)'),
      witnessState: db.prepare('SELECT * FROM ledger_witness_state WHERE witness = ? AND origin = ?'),
      insertWitness: db.prepare(
        `INSERT INTO ledger_witness_state (witness, origin, size, root, note, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (witness, origin) DO NOTHING`,
      ),
      updateWitness: db.prepare(
        `UPDATE ledger_witness_state SET size = ?, root = ?, note = ?, updated_at = ?
         WHERE witness = ? AND origin = ? AND size = ?`,
      ),
    };
  }

  private get s() {
    // Statements are prepared lazily so a store whose tables a migration made needs no migrate() call.
    this.stmts ??= this.prepare();
    return this.stmts;
  }

  async size(): Promise<number> {
    return (this.s.size.get() as { n: number }).n;
  }

  async appendEntries(
    entries: readonly ledger.LedgerEntryRecord[],
    nodes: readonly ledger.LedgerNodeRecord[],
  ): Promise<void> {
    const s = this.s;
    this.db.transaction(() => {
      ledgerRows.checkAppendAt(entries, (s.size.get() as { n: number }).n);
      for (const e of entries) {
        s.insertEntry.run(e.index, e.leafHash, e.leaf, e.eventId, e.orgId, e.keyId, e.recordedAt);
      }
      for (const nd of nodes) s.insertNode.run(nd.level, nd.index, nd.hash);
    })();
  }

  async entries(from: number, to: number): Promise<ledger.LedgerEntryRecord[]> {
    return (this.s.entries.all(from, ledgerRows.clampTo(to)) as ledgerRows.EntryRow[]).map(
      ledgerRows.entryOf,
    );
  }

  async entriesByEventId(eventId: string): Promise<ledger.LedgerEntryRecord[]> {
    return (this.s.byEvent.all(eventId) as ledgerRows.EntryRow[]).map(ledgerRows.entryOf);
  }

  async entriesAt(indexes: readonly number[]): Promise<ledger.LedgerEntryRecord[]> {
    const want = [...new Set(indexes)].filter((i) => Number.isSafeInteger(i) && i >= 0).sort((a, b) => a - b);
    const out: ledgerRows.EntryRow[] = [];
    for (let i = 0; i < want.length; i += KEYS_PER_QUERY) {
      const part = want.slice(i, i + KEYS_PER_QUERY);
      out.push(
        ...(this.traceStmt(
          `entriesAt${part.length}`,
          () => `SELECT * FROM ledger_entries WHERE idx IN (${marks(part.length)}) ORDER BY idx`,
        ).all(...part) as ledgerRows.EntryRow[]),
      );
    }
    return out.map(ledgerRows.entryOf);
  }

  async traceIndexed(): Promise<number> {
    const n = this.traceStmt('indexed', () => 'SELECT indexed FROM ledger_trace_state WHERE id = 1')
      .pluck()
      .get() as number | undefined;
    return n ?? 0;
  }

  async addTraceLinks(from: number, to: number, links: readonly ledger.TraceLinkRecord[]): Promise<boolean> {
    const move = this.traceStmt(
      'move',
      () => 'UPDATE ledger_trace_state SET indexed = ? WHERE id = 1 AND indexed = ?',
    );
    const insert = this.traceStmt(
      'insert',
      () => 'INSERT OR IGNORE INTO ledger_trace (key, idx, role, t) VALUES (?, ?, ?, ?)',
    );
    return this.db.transaction(() => {
      if (move.run(to, from).changes !== 1) return false;
      for (const l of links) insert.run(l.key, l.index, l.role, l.time);
      return true;
    })();
  }

  async traceLinks(keys: readonly string[]): Promise<ledger.TraceLinkRecord[]> {
    const want = [...new Set(keys)];
    const out: ledger.TraceLinkRecord[] = [];
    for (let i = 0; i < want.length; i += KEYS_PER_QUERY) {
      const part = want.slice(i, i + KEYS_PER_QUERY);
      const rows = this.traceStmt(
        `links${part.length}`,
        () => `SELECT key, idx, role, t FROM ledger_trace WHERE key IN (${marks(part.length)})`,
      ).all(...part) as { key: string; idx: number; role: number; t: number }[];
      for (const r of rows) out.push({ key: r.key, index: r.idx, role: r.role, time: r.t });
    }
    return out.sort((a, b) => a.index - b.index || a.role - b.role);
  }

  private readonly traceCache = new Map<string, Database.Statement>();

  /** Trace statements are prepared on first use (and cached per shape), apart from the others. */
  private traceStmt(name: string, sql: () => string): Database.Statement {
    let st = this.traceCache.get(name);
    if (!st) {
      st = this.db.prepare(sql());
      if (this.traceCache.size > 64) this.traceCache.clear();
      this.traceCache.set(name, st);
    }
    return st;
  }

  async hashesAt(level: number, from: number, to: number): Promise<Buffer[]> {
    return level === 0
      ? (this.s.leafHashes.all(from, ledgerRows.clampTo(to)) as Buffer[])
      : (this.s.nodes.all(level, from, ledgerRows.clampTo(to)) as Buffer[]);
  }

  async addCheckpoint(
    input: Omit<ledger.LedgerCheckpointRecord, 'id'>,
  ): Promise<ledger.LedgerCheckpointRecord> {
    const r = this.s.addCheckpoint.run(input.size, input.root, input.note, input.createdAt);
    return { id: Number(r.lastInsertRowid), ...input };
  }

  async updateCheckpointNote(id: number, note: string): Promise<void> {
    this.s.updateNote.run(note, id);
  }

  async latestCheckpoint(): Promise<ledger.LedgerCheckpointRecord | undefined> {
    const r = this.s.latestCheckpoint.get() as ledgerRows.CheckpointRow | undefined;
    return r && ledgerRows.checkpointOf(r);
  }

  async listCheckpoints(limit = 1_000_000): Promise<ledger.LedgerCheckpointRecord[]> {
    return (this.s.listCheckpoints.all(limit) as ledgerRows.CheckpointRow[]).map(ledgerRows.checkpointOf);
  }

  async createOrg(org: ledger.LedgerOrgRecord): Promise<void> {
    try {
      this.s.createOrg.run(org.id, org.name, org.createdAt);
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) {
        throw ledgerRows.orgExists(org, e);
      }
      throw e;
    }
  }

  async getOrg(idOrName: string): Promise<ledger.LedgerOrgRecord | undefined> {
    const r = this.s.getOrg.get(idOrName, idOrName) as ledgerRows.OrgRow | undefined;
    return r && ledgerRows.orgOf(r);
  }

  async listOrgs(): Promise<ledger.LedgerOrgRecord[]> {
    return (this.s.listOrgs.all() as ledgerRows.OrgRow[]).map(ledgerRows.orgOf);
  }

  async putKey(k: ledger.LedgerKeyRecord): Promise<void> {
    this.s.putKey.run(
      k.owner,
      k.keyId,
      k.kind,
      k.name,
      k.algorithm,
      k.publicKey,
      k.privateSeed === null ? null : ledgerRows.sealSeed(this.sealingKey(), k.owner, k.keyId, k.privateSeed),
      k.validFrom,
      k.validUntil,
    );
  }

  async getKey(owner: string, keyId: string): Promise<ledger.LedgerKeyRecord | undefined> {
    const r = this.s.getKey.get(owner, keyId) as ledgerRows.KeyRow | undefined;
    return r && ledgerRows.keyOf(r, this.seedOf(r));
  }

  async keysOf(owner: string): Promise<ledger.LedgerKeyRecord[]> {
    return (this.s.keysOf.all(owner) as ledgerRows.KeyRow[]).map((r) => ledgerRows.keyOf(r, this.seedOf(r)));
  }

  async retireKey(owner: string, keyId: string, at: number): Promise<void> {
    this.s.retireKey.run(at, owner, keyId);
  }

  async getMeta(key: string): Promise<string | undefined> {
    return this.s.getMeta.get(key) as string | undefined;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.s.setMeta.run(key, value);
  }

  async witnessState(witness: string, origin: string): Promise<ledger.WitnessStateRecord | undefined> {
    const r = this.s.witnessState.get(witness, origin) as ledgerRows.WitnessRow | undefined;
    return r && ledgerRows.witnessOf(r);
  }

  async setWitnessState(st: ledger.WitnessStateRecord, expectedSize: number): Promise<boolean> {
    const s = this.s;
    return this.db.transaction(() => {
      const cur = s.witnessState.get(st.witness, st.origin) as { size: number } | undefined;
      if ((cur?.size ?? 0) !== expectedSize) return false;
      if (!cur)
        return (
          s.insertWitness.run(st.witness, st.origin, st.size, st.root, st.note, st.updatedAt).changes === 1
        );
      return (
        s.updateWitness.run(st.size, st.root, st.note, st.updatedAt, st.witness, st.origin, expectedSize)
          .changes === 1
      );
    })();
  }
}
