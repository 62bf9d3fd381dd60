/** Plain-JSON shapes of a trace (what `xinzhi trace --json` prints and the API serves). */

export type TraceDirection = 'forward' | 'backward';

/** What an identifier is, read from its GS1 key: a lot (LGTIN), an item (SGTIN), a container (SSCC). */
export type TraceNodeKind = 'lot' | 'item' | 'container' | 'class' | 'other';

/**
 * How the identifier entered the trace: a starting point, made from it (forward), one of its
 * inputs or contents (backward), or a container that carried it.
 */
export type TraceNodeRole = 'start' | 'derived' | 'source' | 'carrier' | 'content';

export interface TraceParty {
  readonly type: string;
  readonly id: string;
}

/** An inclusion proof of one entry against the trace's checkpoint (RFC 9162 audit path, hex). */
export interface TraceProof {
  readonly tree_size: number;
  readonly proof: readonly string[];
}

/** One event of the trace: a hop of some traced identifiers at a time and place. */
export interface TraceHop {
  readonly index: number;
  /** The ledger's event hash id. */
  readonly event_id: string;
  /** SHA-256(0x00 || leaf), hex: what the inclusion proof is for. */
  readonly leaf_hash: string;
  /** The `eventID` the recording system declared, when it did. */
  readonly declared_event_id: string | null;
  readonly event_type: string;
  readonly action: string | null;
  readonly biz_step: string | null;
  readonly disposition: string | null;
  /** eventTime as recorded (ISO 8601 with its offset). */
  readonly time: string;
  /** The organisation that signed the event. */
  readonly org: string;
  /** bizLocation, else readPoint. */
  readonly location: string | null;
  readonly sources: readonly TraceParty[];
  readonly destinations: readonly TraceParty[];
  readonly biz_transactions: readonly string[];
  /** The traced identifiers this event names. */
  readonly keys: readonly string[];
  /** Quantities the event gives for traced classes or lots (quantity lists). */
  readonly quantities: readonly { key: string; quantity: number | null; uom: string | null }[];
  /** Null when the entry is newer than the checkpoint the proofs are against. */
  proof: TraceProof | null;
}

export interface TraceNode {
  readonly id: string;
  readonly kind: TraceNodeKind;
  readonly role: TraceNodeRole;
  /** Times (ISO) of its first and last event in the trace. */
  readonly first_time: string | null;
  readonly last_time: string | null;
  /** Who signed its last event in the trace, and where: the last holder in a forward trace. */
  readonly holder: { readonly org: string; readonly location: string | null } | null;
  /** Every organisation that recorded an event of it, in order of first appearance. */
  readonly orgs: readonly string[];
}

/** Material flow, whatever the trace direction: `from` went into (or onto) `to`. */
export interface TraceEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'transformed' | 'packed' | 'unpacked';
  readonly index: number;
  readonly time: string;
  readonly quantity: number | null;
  readonly uom: string | null;
}

export interface TraceResult {
  readonly direction: TraceDirection;
  readonly start: readonly string[];
  /** The trace as of this time (events after it are left out), or null for now. */
  readonly at: string | null;
  readonly nodes: readonly TraceNode[];
  readonly edges: readonly TraceEdge[];
  /** Ascending by event time, then log index. */
  readonly hops: readonly TraceHop[];
  /** True when the trace stopped at `maxEvents`; the hops so far are returned. */
  readonly truncated: boolean;
  /** Events left out because an error declaration retracted them. */
  readonly retracted: readonly number[];
  /** The signed checkpoint every proof is against, and the log key that signed it. */
  checkpoint: { readonly size: number; readonly note: string; readonly public_key: string } | null;
}
