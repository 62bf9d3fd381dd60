/** Plain-JSON shapes the ledger engine returns (what the CLI prints and the HTTP API will serve). */
import type { EpcisEvent } from './events/schema.js';

export interface OrgInfo {
  readonly id: string;
  readonly name: string;
  readonly key_id: string;
  /** Verifier key `<name>+<key id>+<base64(0x01 || Ed25519 public key)>`. */
  readonly public_key: string;
  /** The raw 32-byte Ed25519 public key, base64. */
  readonly public_key_raw: string;
  readonly created_at: string;
  readonly keys: readonly { key_id: string; valid_from: string; valid_until: string | null }[];
}

export interface AppendResult {
  readonly index: number;
  readonly leaf_hash: string;
  readonly event_id: string;
}

export interface EntrySummary {
  readonly index: number;
  readonly leaf_hash: string;
  readonly event_id: string;
  readonly event_type: string;
  readonly event_time: string;
  readonly org: string;
  readonly key_id: string;
  readonly recorded_at: string;
  /** True when the event carries an errorDeclaration (it corrects an earlier event with the same id). */
  readonly correction: boolean;
  readonly event: EpcisEvent;
}

export interface CheckpointInfo {
  readonly id: number;
  readonly size: number;
  readonly root: string;
  readonly note: string;
  readonly created_at: string;
  /** Log signature and witness cosignatures (with their Unix timestamp), as listed in the note. */
  readonly signers: readonly { name: string; key_id: string; timestamp: number | null }[];
}

/** An event signed elsewhere by an organisation whose public key the ledger holds. */
export interface PreSignedEvent {
  readonly org: string;
  readonly key_id: string;
  readonly event: EpcisEvent;
  readonly context?: unknown;
  /** base64 Ed25519 signature over the event message (see docs/ledger.md). */
  readonly sig: string;
}
