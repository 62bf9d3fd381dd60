/**
 * Rows of the ledger tables as both ledger stores read them, and what both do alike with signing
 * seeds: the sealing's associated data, the key check value and the errors of a wrong key.
 */
import { XinzhiError } from '../core/index.js';
import type * as ledger from './ledger-store.js';
import { SECRET_KEY_HINT } from './sqlite/secret-key.js';
import { seal, unseal } from './sqlite/seed-box.js';

export interface EntryRow {
  idx: number;
  leaf_hash: Buffer;
  leaf: Buffer;
  event_id: string;
  org_id: string;
  key_id: string;
  recorded_at: number;
}
export interface KeyRow {
  owner: string;
  key_id: string;
  kind: string;
  name: string;
  algorithm: number;
  public_key: Buffer;
  private_seed: Buffer | null;
  valid_from: number;
  valid_until: number | null;
}
export interface CheckpointRow {
  id: number;
  size: number;
  root: Buffer;
  note: string;
  created_at: number;
}
export type OrgRow = { id: string; name: string; created_at: number };
export type WitnessRow = {
  witness: string;
  origin: string;
  size: number;
  root: Buffer;
  note: string;
  updated_at: number;
};

export const entryOf = (r: EntryRow): ledger.LedgerEntryRecord => ({
  index: r.idx,
  leafHash: r.leaf_hash,
  leaf: r.leaf,
  eventId: r.event_id,
  orgId: r.org_id,
  keyId: r.key_id,
  recordedAt: r.recorded_at,
});
export const checkpointOf = (r: CheckpointRow): ledger.LedgerCheckpointRecord => ({
  id: r.id,
  size: r.size,
  root: r.root,
  note: r.note,
  createdAt: r.created_at,
});
/** The key of row `r` with its private seed already opened. */
export const keyOf = (r: KeyRow, privateSeed: Buffer | null): ledger.LedgerKeyRecord => ({
  owner: r.owner,
  keyId: r.key_id,
  kind: r.kind as ledger.LedgerKeyRecord['kind'],
  name: r.name,
  algorithm: r.algorithm,
  publicKey: r.public_key,
  privateSeed,
  validFrom: r.valid_from,
  validUntil: r.valid_until,
});
export const orgOf = (r: OrgRow): ledger.LedgerOrgRecord => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
});
export const witnessOf = (r: WitnessRow): ledger.WitnessStateRecord => ({
  witness: r.witness,
  origin: r.origin,
  size: r.size,
  root: r.root,
  note: r.note,
  updatedAt: r.updated_at,
});

/** Integer columns are 64-bit; Infinity as an upper bound becomes the largest safe integer. */
export const clampTo = (to: number): number => (Number.isFinite(to) ? to : Number.MAX_SAFE_INTEGER);

/** CONFLICT unless `entries` start where the log of `size` entries ends. */
export function checkAppendAt(entries: readonly ledger.LedgerEntryRecord[], size: number): void {
  if (entries.length > 0 && entries[0]!.index !== size)
    throw new XinzhiError('CONFLICT', `append at index ${entries[0]!.index} but the log has ${size} entries`);
}

export const orgExists = (org: ledger.LedgerOrgRecord, cause: unknown): XinzhiError =>
  new XinzhiError('CONFLICT', `organisation '${org.name}' already exists`, { field: 'name', cause });

/**
 * Binds a sealed seed to its row: the owner (organisation id, `log` or witness name) and key id.
 * Both stores bind alike, so a sealed seed copied from one to the other opens with the same key.
 */
const seedAad = (owner: string, keyId: string): string => `xinzhi ledger seed\n${owner}\n${keyId}`;
/** The meta key of the value that tells whether a key is the one the seeds were sealed with. */
export const CHECK_META = 'secret_key_check';
const CHECK_AAD = 'xinzhi secret key check';

/** The check value to store with the first sealed seed. */
export const keyCheckValue = (key: Buffer): string =>
  seal(key, CHECK_AAD, Buffer.from('ok')).toString('base64');

/** BAD_INPUT naming the key's source unless `key` opens the stored check value. */
export function verifySealingKey(key: Buffer, check: string, where: string): void {
  if (!unseal(key, CHECK_AAD, Buffer.from(check, 'base64')))
    throw new XinzhiError(
      'BAD_INPUT',
      `${where} is not the key this database's ledger seeds were encrypted with; ${SECRET_KEY_HINT}`,
      { field: 'secretKey' },
    );
}

/** A private seed sealed for the key row of `owner` and `keyId`. */
export const sealSeed = (key: Buffer, owner: string, keyId: string, seed: Buffer): Buffer =>
  seal(key, seedAad(owner, keyId), seed);

/** The sealed seed of row `r` opened, or STORE_FAILURE naming the key and where the key came from. */
export function openSeed(key: Buffer, r: KeyRow, sealed: Buffer, where: string): Buffer {
  const plain = unseal(key, seedAad(r.owner, r.key_id), sealed);
  if (!plain)
    throw new XinzhiError(
      'STORE_FAILURE',
      `the private seed of ledger key ${r.key_id} (${r.name}) does not decrypt with ${where}`,
      { field: 'secretKey' },
    );
  return plain;
}
