/**
 * The ledger engine: organisations and their keys, signed EPCIS entries appended to an RFC 9162
 * Merkle log, C2SP checkpoints signed by the log key, and proof bundles. Plain JSON in and out so
 * the CLI and the HTTP API are thin adapters. State lives in a LedgerStore; the in-memory compact
 * range makes an append O(1) amortised hashes and the tree head O(log n).
 */
import { randomUUID } from 'node:crypto';
import { type Clock, issuesError, systemClock, XinzhiError } from '../core/index.js';
import type { LedgerKeyRecord, LedgerStore } from '../store/ledger-store.js';
import { type AuditReport, auditLog } from './audit/audit.js';
import type { ProofBundle } from './bundle.js';
import { canonicalJson } from './events/canonical-json.js';
import { eventHashId } from './events/event-hash.js';
import { parseEpcis } from './events/parse-epcis.js';
import type { EpcisEvent } from './events/schema.js';
import { checkpointInfo, ed25519VerifierFromKey, iso, loadRange, privateSeedOf } from './ledger-internals.js';
import { LEDGER_DEFAULTS, type LedgerOptions } from './ledger-options.js';
import type { AppendResult, CheckpointInfo, EntrySummary, OrgInfo, PreSignedEvent } from './ledger-types.js';
import { formatCheckpoint } from './log/checkpoint.js';
import { ed25519FromSeed, ed25519Generate } from './log/ed25519.js';
import {
  ENTRY_TYPE,
  entryBytesWithEventJson,
  eventSignedMessageWithEventJson,
  type LedgerEntry,
} from './log/entry.js';
import { signNote } from './log/note.js';
import { formatVerifierKey, isValidKeyName, parseSignerKey } from './log/note-keys.js';
import { SignPool } from './log/sign-pool.js';
import { ALG_ED25519, ed25519Signer, ed25519Verifier, type Signer, type Verifier } from './log/signer.js';
import { CompactRange, type CompletedNode } from './merkle/compact-range.js';
import { leafHash, toHex } from './merkle/hash.js';
import { consistencyPlan, inclusionPlan } from './merkle/proof-plan.js';
import { TILE_HEIGHT, TreeReader } from './merkle/tree-reader.js';

interface Prepared {
  readonly orgId: string;
  readonly orgName: string;
  readonly key: LedgerKeyRecord;
  readonly event: EpcisEvent;
  readonly context: unknown;
  readonly eventId: string;
  /** The event in RFC 8785 form, serialised once for the signature and the leaf. */
  readonly eventJson: string;
  readonly sig: Buffer;
}

const PARALLEL_SIGN_MIN = 256;
const SIGN_CHUNK = 512;

export type { AppendResult, CheckpointInfo, EntrySummary, OrgInfo, PreSignedEvent } from './ledger-types.js';

export class Ledger {
  private pool: SignPool | undefined;

  private constructor(
    readonly store: LedgerStore,
    private readonly clock: Clock,
    readonly origin: string,
    private readonly logSigner: Signer,
    private range: CompactRange,
    readonly reader: TreeReader,
    private readonly options: typeof LEDGER_DEFAULTS,
    /** Why the stored tree could not be loaded (entries missing); only `audit` works then. */
    readonly damaged?: string,
  ) {}

  private requireIntact(): void {
    if (this.damaged) {
      throw new XinzhiError(
        'STORE_FAILURE',
        `the stored log is damaged (${this.damaged}); run 'xinzhi ledger audit'`,
      );
    }
  }

  /** Opens (and on first use initialises: log key, origin) the ledger kept in `store`. */
  static async open(
    deps: { store: LedgerStore; clock?: Clock },
    options: LedgerOptions = {},
  ): Promise<Ledger> {
    const opts = { ...LEDGER_DEFAULTS, ...options };
    const { store } = deps;
    const clock = deps.clock ?? systemClock;
    await store.migrate();
    const external = options.logKey ? parseSignerKey(options.logKey) : undefined;
    if (external) opts.origin = external.name;
    let origin = await store.getMeta('origin');
    if (origin && external && external.name !== origin) {
      throw new XinzhiError('CONFLICT', `the log key is for '${external.name}' but this log is '${origin}'`, {
        field: 'logKey',
      });
    }
    if (!origin) {
      if (!isValidKeyName(opts.origin)) {
        throw new XinzhiError('BAD_INPUT', `origin '${opts.origin}' has '+' or whitespace`, {
          field: 'origin',
        });
      }
      origin = opts.origin;
      await store.setMeta('origin', origin);
    }
    if (external) {
      const keyId = external.keyId.toString('hex');
      if (!(await store.getKey('log', keyId))) {
        await store.putKey({
          owner: 'log',
          keyId,
          kind: 'log',
          name: origin,
          algorithm: ALG_ED25519,
          publicKey: external.publicKey,
          privateSeed: null,
          validFrom: clock.now(),
          validUntil: null,
        });
      }
      const reader = new TreeReader(store, opts.tileCacheSize);
      const { range, damaged } = await loadRange(store, reader);
      return new Ledger(store, clock, origin, external, range, reader, opts, damaged);
    }
    let logKey = (await store.keysOf('log')).find((k) => k.validUntil === null && k.privateSeed);
    if (!logKey) {
      const k = ed25519Generate();
      const signer = ed25519Signer(origin, k);
      logKey = {
        owner: 'log',
        keyId: signer.keyId.toString('hex'),
        kind: 'log',
        name: origin,
        algorithm: ALG_ED25519,
        publicKey: k.publicKey,
        privateSeed: k.seed,
        validFrom: clock.now(),
        validUntil: null,
      };
      await store.putKey(logKey);
    }
    const logSigner = ed25519Signer(origin, ed25519FromSeed(logKey.privateSeed!));
    const reader = new TreeReader(store, opts.tileCacheSize);
    const { range, damaged } = await loadRange(store, reader);
    return new Ledger(store, clock, origin, logSigner, range, reader, opts, damaged);
  }

  get size(): number {
    return this.range.size;
  }

  /** The log's verifier key (what partners pin). */
  logPublicKey(): string {
    return formatVerifierKey(this.logSigner);
  }

  logVerifier(): Verifier {
    return ed25519Verifier(this.origin, this.logSigner.publicKey);
  }

  // ── organisations ───────────────────────────────────────────────────────────────────────────

  /**
   * Creates an organisation with a new Ed25519 key, or with `privateKey`
   * (`PRIVATE+KEY+<name>+<id>+<base64 seed>`) when it brings its own.
   */
  async createOrg(name: string, options: { privateKey?: string } = {}): Promise<OrgInfo> {
    if (!isValidKeyName(name)) {
      throw new XinzhiError('BAD_INPUT', `organisation name '${name}' is empty or has '+' or whitespace`, {
        field: 'name',
      });
    }
    const id = randomUUID();
    const now = this.clock.now();
    const own = options.privateKey ? parseSignerKey(options.privateKey) : undefined;
    if (own && (own.name !== name || own.algorithm !== ALG_ED25519)) {
      throw new XinzhiError(
        'BAD_INPUT',
        `the key is an ${own.algorithm} key named '${own.name}', not an Ed25519 key of '${name}'`,
        { field: 'privateKey' },
      );
    }
    await this.store.createOrg({ id, name, createdAt: now });
    await this.addOrgKey(id, name, now, own ? privateSeedOf(options.privateKey!) : undefined);
    return this.org(name);
  }

  /** Retires the current key (its past signatures stay valid) and makes a new one. */
  async rotateOrgKey(name: string): Promise<OrgInfo> {
    const org = await this.requireOrg(name);
    const now = this.clock.now();
    for (const k of await this.store.keysOf(org.id))
      if (k.validUntil === null) await this.store.retireKey(org.id, k.keyId, now);
    await this.addOrgKey(org.id, org.name, now);
    return this.org(name);
  }

  /** Registers a partner organisation that signs elsewhere: only its public key is stored. */
  async registerOrg(name: string, verifierKey: string): Promise<OrgInfo> {
    const v = ed25519VerifierFromKey(verifierKey);
    if (v.name !== name)
      throw new XinzhiError('BAD_INPUT', `the key is named '${v.name}', not '${name}'`, { field: 'key' });
    const id = randomUUID();
    const now = this.clock.now();
    await this.store.createOrg({ id, name, createdAt: now });
    await this.store.putKey({
      owner: id,
      keyId: v.keyId.toString('hex'),
      kind: 'org',
      name,
      algorithm: ALG_ED25519,
      publicKey: v.publicKey,
      privateSeed: null,
      validFrom: now,
      validUntil: null,
    });
    return this.org(name);
  }

  async org(name: string): Promise<OrgInfo> {
    const org = await this.requireOrg(name);
    const keys = await this.store.keysOf(org.id);
    const current = keys.find((k) => k.validUntil === null) ?? keys[keys.length - 1];
    if (!current) throw new XinzhiError('NOT_FOUND', `organisation '${name}' has no key`, { field: 'org' });
    return {
      id: org.id,
      name: org.name,
      key_id: current.keyId,
      public_key: formatVerifierKey({ name: org.name, algorithm: ALG_ED25519, publicKey: current.publicKey }),
      public_key_raw: current.publicKey.toString('base64'),
      created_at: iso(org.createdAt),
      keys: keys.map((k) => ({
        key_id: k.keyId,
        valid_from: iso(k.validFrom),
        valid_until: k.validUntil === null ? null : iso(k.validUntil),
      })),
    };
  }

  async listOrgs(): Promise<OrgInfo[]> {
    return Promise.all((await this.store.listOrgs()).map((o) => this.org(o.name)));
  }

  // ── appending ───────────────────────────────────────────────────────────────────────────────

  /**
   * An event already in the log (same EPCIS event hash, which ignores the declared `eventID`
   * and record time) or twice in one batch is a CONFLICT: appending the same file again must
   * not record every event a second time. Corrections (with `errorDeclaration`) are exempt.
   */
  private async rejectDuplicates(events: readonly EpcisEvent[], ids: readonly string[]): Promise<void> {
    const seen = new Map<string, number>();
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      // EPCIS corrections re-state an event with an errorDeclaration and keep its event id.
      if (event['errorDeclaration'] !== undefined) continue;
      const id = ids[i]!;
      const declared = typeof event['eventID'] === 'string' ? ` (eventID ${event['eventID']})` : '';
      const earlier = seen.get(id);
      if (earlier !== undefined)
        throw new XinzhiError(
          'CONFLICT',
          `event ${i + 1}${declared} repeats event ${earlier + 1} of the same input`,
          {
            field: `events.${i}`,
            context: { event_id: id },
          },
        );
      seen.set(id, i);
      const logged = await this.store.entriesByEventId(id);
      if (logged.length > 0)
        throw new XinzhiError(
          'CONFLICT',
          `event ${i + 1}${declared} is already in the log at index ${logged[0]!.index}: nothing was appended`,
          { field: `events.${i}`, context: { event_id: id, index: logged[0]!.index } },
        );
    }
  }

  /** Signs each event with the organisation's current key and appends them in order. */
  async append(
    orgName: string,
    events: readonly EpcisEvent[],
    context?: unknown,
    onProgress?: (done: number, total: number) => void,
  ): Promise<AppendResult[]> {
    const org = await this.requireOrg(orgName);
    const key = (await this.store.keysOf(org.id)).find((k) => k.validUntil === null && k.privateSeed);
    if (!key)
      throw new XinzhiError('NOT_FOUND', `no signing key held for organisation '${orgName}'`, {
        field: 'org',
      });
    const seed = key.privateSeed!;
    const ctx = context ?? null;
    // The CBV event hash is the costliest step of an append: computed once, for both uses.
    const ids = events.map((event) => eventHashId(event, context).id);
    const build = (event: EpcisEvent, i: number) => {
      const eventId = ids[i]!;
      const eventJson = canonicalJson(event);
      return {
        event,
        eventId,
        eventJson,
        message: eventSignedMessageWithEventJson(org.name, eventJson, ctx, eventId),
      };
    };
    await this.rejectDuplicates(events, ids);
    const unsigned: ReturnType<typeof build>[] = [];
    const parts: Promise<Buffer[]>[] = [];
    const parallel = events.length >= PARALLEL_SIGN_MIN && this.options.signingWorkers > 0;
    const inline = parallel ? undefined : ed25519Signer(org.name, ed25519FromSeed(seed));
    if (parallel) this.pool ??= new SignPool(this.options.signingWorkers);
    // Chunks go to the signing worker as soon as they are built, so hashing and signing overlap.
    for (let i = 0; i < events.length; i += SIGN_CHUNK) {
      const chunk = events.slice(i, i + SIGN_CHUNK).map((e, j) => build(e, i + j));
      unsigned.push(...chunk);
      const messages = chunk.map((u) => u.message);
      parts.push(
        inline ? Promise.resolve(messages.map((m) => inline.sign(m))) : this.pool!.sign(seed, messages),
      );
    }
    const sigs = (await Promise.all(parts)).flat();
    const prepared = unsigned.map(
      (u, i): Prepared => ({
        orgId: org.id,
        orgName: org.name,
        key,
        event: u.event,
        context: ctx,
        eventId: u.eventId,
        eventJson: u.eventJson,
        sig: sigs[i]!,
      }),
    );
    return this.appendPrepared(prepared, onProgress);
  }

  /**
   * Signs `message` with the organisation's current key (an agreement it consents to, say): the
   * same key its ledger events carry, so a partner pins one key per organisation. The caller puts
   * a domain prefix in `message` so a statement can never be replayed as an event signature.
   */
  async signStatement(
    orgName: string,
    message: Uint8Array,
  ): Promise<{ org: string; key_id: string; public_key: string; sig: string }> {
    const org = await this.requireOrg(orgName);
    const key = (await this.store.keysOf(org.id)).find((k) => k.validUntil === null && k.privateSeed);
    if (!key)
      throw new XinzhiError('NOT_FOUND', `no signing key held for organisation '${orgName}'`, {
        field: 'org',
      });
    const signer = ed25519Signer(org.name, ed25519FromSeed(key.privateSeed!));
    return {
      org: org.name,
      key_id: key.keyId,
      public_key: formatVerifierKey(signer),
      sig: signer.sign(message).toString('base64'),
    };
  }

  /**
   * Validates EPCIS 2.0 JSON (a document or one event, already JSON-decoded) and appends its events
   * signed by `orgName`. Bad input throws BAD_INPUT listing every problem (context.issues).
   */
  async appendJson(orgName: string, input: unknown): Promise<AppendResult[]> {
    const parsed = parseEpcis(input);
    if (!parsed.ok)
      throw issuesError(parsed.issues, {
        fallback: 'event',
        detail: parsed.issues.map((i) => i.message).join('; '),
      });
    return this.append(orgName, parsed.value.events, parsed.value.context);
  }

  /** A page of entries for an explorer, newest last: who signed what, when, with which key. */
  async listEntries(from = 0, limit = 100): Promise<EntrySummary[]> {
    const rows = await this.store.entries(from, from + Math.max(0, Math.min(limit, 1000)));
    return rows.map((r) => {
      const e = JSON.parse(r.leaf.toString('utf8')) as LedgerEntry;
      return {
        index: r.index,
        leaf_hash: toHex(r.leafHash),
        event_id: e.event_id,
        event_type: String((e.event as { type?: unknown }).type),
        event_time: String((e.event as { eventTime?: unknown }).eventTime),
        org: e.org,
        key_id: r.keyId,
        recorded_at: e.recorded_at,
        correction: (e.event as { errorDeclaration?: unknown }).errorDeclaration !== undefined,
        event: e.event,
      };
    });
  }

  /** Appends events an organisation signed itself, after checking the signature. */
  async appendSigned(items: readonly PreSignedEvent[]): Promise<AppendResult[]> {
    const prepared: Prepared[] = [];
    for (const [i, it] of items.entries()) {
      const org = await this.requireOrg(it.org);
      const key = await this.store.getKey(org.id, it.key_id);
      if (!key || key.validUntil !== null) {
        throw new XinzhiError('FORBIDDEN', `key ${it.key_id} of '${it.org}' is unknown or retired`, {
          field: `[${i}].key_id`,
        });
      }
      const eventId = eventHashId(it.event, it.context).id;
      const sig = Buffer.from(it.sig, 'base64');
      const v = ed25519Verifier(org.name, key.publicKey);
      const eventJson = canonicalJson(it.event);
      if (!v.verify(eventSignedMessageWithEventJson(org.name, eventJson, it.context, eventId), sig)) {
        throw new XinzhiError('FORBIDDEN', `signature of event ${i} does not verify with ${it.org}'s key`, {
          field: `[${i}].sig`,
        });
      }
      prepared.push({
        orgId: org.id,
        orgName: org.name,
        key,
        event: it.event,
        context: it.context ?? null,
        eventId,
        eventJson,
        sig,
      });
    }
    return this.appendPrepared(prepared);
  }

  /** Stops the signing workers (they never keep the process alive, so this is optional). */
  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }

  private async appendPrepared(
    prepared: readonly Prepared[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<AppendResult[]> {
    this.requireIntact();
    const out: AppendResult[] = [];
    for (let start = 0; start < prepared.length; start += this.options.batchSize) {
      const batch = prepared.slice(start, start + this.options.batchSize);
      const before = this.range.clone();
      const nodes: CompletedNode[] = [];
      const collect = (n: CompletedNode) => {
        if (n.level % TILE_HEIGHT === 0) nodes.push(n);
      };
      const now = this.clock.now();
      const keys = new Map<string, string>();
      const orgKeyOf = (p: Prepared): string => {
        let k = keys.get(p.key.keyId);
        if (!k) {
          k = formatVerifierKey({ name: p.orgName, algorithm: ALG_ED25519, publicKey: p.key.publicKey });
          keys.set(p.key.keyId, k);
        }
        return k;
      };
      const recordedAt = iso(now);
      const records = batch.map((p) => {
        const index = this.range.size;
        const entry: Omit<LedgerEntry, 'event'> = {
          type: ENTRY_TYPE,
          index,
          org: p.orgName,
          org_key: orgKeyOf(p),
          event_id: p.eventId,
          context: p.context,
          recorded_at: recordedAt,
          sig: p.sig.toString('base64'),
        };
        const leaf = entryBytesWithEventJson(entry, p.eventJson);
        const hash = leafHash(leaf);
        this.range.append(hash, collect);
        out.push({ index, leaf_hash: toHex(hash), event_id: p.eventId });
        return {
          index,
          leafHash: hash,
          leaf,
          eventId: p.eventId,
          orgId: p.orgId,
          keyId: p.key.keyId,
          recordedAt: now,
        };
      });
      try {
        await this.store.appendEntries(records, nodes);
        onProgress?.(out.length, prepared.length);
      } catch (e) {
        this.range = before;
        // Another writer appended to the same store: reload the tree head so the next call works.
        if ((e as { code?: string }).code === 'CONFLICT') {
          this.reader.clear();
          const { range, damaged } = await loadRange(this.store, this.reader);
          if (!damaged) this.range = range;
        }
        throw e;
      }
    }
    return out;
  }

  // ── checkpoints and proofs ──────────────────────────────────────────────────────────────────

  /** Signs a checkpoint of the current tree (reusing the latest one if the tree has not grown). */
  async checkpoint(): Promise<CheckpointInfo> {
    this.requireIntact();
    const latest = await this.store.latestCheckpoint();
    const root = this.range.root();
    if (latest && latest.size === this.size && latest.root.equals(root)) return checkpointInfo(latest);
    const body = formatCheckpoint({ origin: this.origin, size: this.size, root, extensions: [] });
    const rec = await this.store.addCheckpoint({
      size: this.size,
      root,
      note: signNote(body, [this.logSigner]),
      createdAt: this.clock.now(),
    });
    return checkpointInfo(rec);
  }

  async checkpoints(limit?: number): Promise<CheckpointInfo[]> {
    return (await this.store.listCheckpoints(limit)).map(checkpointInfo);
  }

  /** Adds witness cosignature lines to a stored checkpoint note. */
  async addCosignatures(checkpointId: number, lines: readonly string[]): Promise<CheckpointInfo> {
    const all = await this.store.listCheckpoints();
    const cp = all.find((c) => c.id === checkpointId);
    if (!cp) throw new XinzhiError('NOT_FOUND', `no checkpoint ${checkpointId}`, { field: 'checkpoint' });
    const have = new Set(cp.note.split('\n'));
    const note =
      cp.note +
      lines
        .filter((l) => !have.has(l))
        .map((l) => `${l}\n`)
        .join('');
    await this.store.updateCheckpointNote(cp.id, note);
    return checkpointInfo({ ...cp, note });
  }

  async entry(index: number): Promise<{ record: LedgerEntry; text: string }> {
    const [e] = await this.store.entries(index, index + 1);
    if (!e) throw new XinzhiError('NOT_FOUND', `no entry at index ${index}`, { field: 'index' });
    const text = e.leaf.toString('utf8');
    return { record: JSON.parse(text) as LedgerEntry, text };
  }

  /**
   * A self-contained proof bundle for entry `index` against the latest checkpoint (signing a new
   * checkpoint first when the latest one does not cover the entry yet).
   */
  async prove(index: number): Promise<ProofBundle> {
    this.requireIntact();
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) {
      throw new XinzhiError('NOT_FOUND', `no entry at index ${index} (log size ${this.size})`, {
        field: 'index',
      });
    }
    let cp = await this.store.latestCheckpoint();
    if (!cp || cp.size <= index) {
      await this.checkpoint();
      cp = await this.store.latestCheckpoint();
    }
    const { text } = await this.entry(index);
    const proof = await this.reader.elements(inclusionPlan(index, cp!.size));
    return {
      index,
      tree_size: cp!.size,
      leaf_hash: toHex(leafHash(Buffer.from(text, 'utf8'))),
      proof: proof.map(toHex),
      checkpoint: cp!.note,
      public_key: this.logPublicKey(),
      entry: text,
    };
  }

  /** RFC 9162 consistency proof between two tree sizes (hex). */
  async consistencyProof(size1: number, size2: number = this.size): Promise<string[]> {
    if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 1 || size1 > size2) {
      throw new XinzhiError('BAD_INPUT', `a consistency proof needs 1 ≤ from ≤ to, got ${size1} → ${size2}`, {
        field: 'from',
      });
    }
    if (size1 === size2) return [];
    if (size2 > this.size)
      throw new XinzhiError('BAD_INPUT', `size ${size2} exceeds the log size ${this.size}`, {
        field: 'size2',
      });
    return (await this.reader.elements(consistencyPlan(size1, size2))).map(toHex);
  }

  /** Root hash of the first `size` entries. */
  async rootAt(size: number): Promise<Buffer> {
    if (size === this.size) return this.range.root();
    const parts = await Promise.all(CompactRange.decomposition(size).map((n) => this.reader.perfect(n)));
    return CompactRange.fromSubtrees(size, parts).root();
  }

  /** Recomputes the log from storage and checks it against every signed checkpoint. */
  async audit(): Promise<AuditReport> {
    return auditLog({ store: this.store, logVerifier: this.logVerifier() });
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────

  private async requireOrg(name: string) {
    const org = await this.store.getOrg(name);
    if (!org)
      throw new XinzhiError('NOT_FOUND', `no organisation '${name}' (create it with 'ledger org create')`, {
        field: 'org',
      });
    return org;
  }

  private async addOrgKey(orgId: string, name: string, now: number, seed?: Buffer): Promise<void> {
    const k = seed ? ed25519FromSeed(seed) : ed25519Generate();
    const signer = ed25519Signer(name, k);
    await this.store.putKey({
      owner: orgId,
      keyId: signer.keyId.toString('hex'),
      kind: 'org',
      name,
      algorithm: ALG_ED25519,
      publicKey: k.publicKey,
      privateSeed: k.seed,
      validFrom: now,
      validUntil: null,
    });
  }
}
