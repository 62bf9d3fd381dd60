/**
 * The log entry: a canonical-JSON (RFC 8785) envelope around one EPCIS event, signed by the
 * recording organisation. Its UTF-8 bytes are the Merkle leaf, so anyone holding the entry text
 * recomputes the leaf hash, checks the organisation's signature and then the inclusion proof.
 *
 *   org signature = Ed25519 over  "xinzhi.ledger.event/v1\n" || JCS({context, event, event_id, org})
 */
import { canonicalJson } from '../events/canonical-json.js';
import { eventHashId } from '../events/event-hash.js';
import type { EpcisEvent } from '../events/schema.js';
import type { Signer, Verifier } from './signer.js';

export const ENTRY_TYPE = 'xinzhi.ledger.entry/v1';
export const EVENT_SIGNATURE_PREFIX = 'xinzhi.ledger.event/v1\n';

export interface LedgerEntry {
  readonly type: typeof ENTRY_TYPE;
  readonly index: number;
  /** Organisation name (its key name). */
  readonly org: string;
  /** Verifier key of the signing key: `<org>+<key id>+<base64(0x01 || public key)>`. */
  readonly org_key: string;
  readonly event_id: string;
  readonly event: EpcisEvent;
  /** JSON-LD @context the event was recorded with (null when none). */
  readonly context: unknown;
  readonly recorded_at: string;
  /** base64 Ed25519 signature by `org_key`. */
  readonly sig: string;
}

/** The bytes an organisation signs for an event. */
export function eventSignedMessage(
  org: string,
  event: EpcisEvent,
  context: unknown,
  eventId?: string,
): Buffer {
  const id = eventId ?? eventHashId(event, context).id;
  const body = canonicalJson({ context: context ?? null, event, event_id: id, org });
  return Buffer.from(EVENT_SIGNATURE_PREFIX + body, 'utf8');
}

export interface SignedEvent {
  readonly org: string;
  readonly event: EpcisEvent;
  readonly context: unknown;
  readonly eventId: string;
  readonly signature: Buffer;
}

export function signEvent(signer: Signer, event: EpcisEvent, context: unknown): SignedEvent {
  const eventId = eventHashId(event, context).id;
  const signature = signer.sign(eventSignedMessage(signer.name, event, context, eventId));
  return { org: signer.name, event, context: context ?? null, eventId, signature };
}

export function verifyEventSignature(
  verifier: Verifier,
  e: Omit<SignedEvent, 'eventId'> & { eventId?: string },
): boolean {
  return (
    verifier.name === e.org &&
    verifier.verify(eventSignedMessage(e.org, e.event, e.context, e.eventId), e.signature)
  );
}

/** The leaf bytes of an entry. */
export const entryBytes = (entry: LedgerEntry): Buffer => Buffer.from(canonicalJson(entry), 'utf8');

/**
 * The same bytes as `entryBytes`, assembled around an already canonicalised event: the envelope's
 * keys are written in JCS (sorted) order, so the result is identical and the event is serialised once.
 */
export function entryBytesWithEventJson(entry: Omit<LedgerEntry, 'event'>, eventJson: string): Buffer {
  const text =
    `{"context":${canonicalJson(entry.context ?? null)},"event":${eventJson},"event_id":${JSON.stringify(entry.event_id)},` +
    `"index":${entry.index},"org":${JSON.stringify(entry.org)},"org_key":${JSON.stringify(entry.org_key)},` +
    `"recorded_at":${JSON.stringify(entry.recorded_at)},"sig":${JSON.stringify(entry.sig)},"type":${JSON.stringify(entry.type)}}`;
  return Buffer.from(text, 'utf8');
}

/** The message an organisation signs, from an already canonicalised event. */
export function eventSignedMessageWithEventJson(
  org: string,
  eventJson: string,
  context: unknown,
  eventId: string,
): Buffer {
  return Buffer.from(
    `${EVENT_SIGNATURE_PREFIX}{"context":${canonicalJson(context ?? null)},"event":${eventJson},"event_id":${JSON.stringify(eventId)},"org":${JSON.stringify(org)}}`,
    'utf8',
  );
}
