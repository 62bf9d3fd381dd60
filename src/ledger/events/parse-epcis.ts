/**
 * Reads EPCIS 2.0 JSON-LD input: an EPCISDocument (events under epcisBody.eventList) or a single
 * event. Returns every problem at once, each naming its JSON path, e.g.
 * `epcisBody.eventList[1].eventTime: expected an ISO 8601 date-time…`.
 */
import type { z } from 'zod';
import { fail, type Issue, ok, type Result } from '../../core/index.js';
import { EPCIS_EVENT_TYPES, type EpcisEvent, epcisDocumentSchema, epcisEventSchema } from './schema.js';

export interface ParsedEpcis {
  /** The document's JSON-LD @context, kept so extension prefixes can be resolved later. */
  readonly context: unknown;
  /** The events exactly as given (unknown and extension fields kept). */
  readonly events: readonly EpcisEvent[];
}

const pathOf = (base: string, path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    base,
  );

function toIssues(base: string, error: z.ZodError): Issue[] {
  return error.issues.map((i) => {
    const where = pathOf(base, i.path);
    return { code: 'LEDGER_BAD_EVENT', message: `${where || 'event'}: ${i.message}`, where };
  });
}

function parseEvent(raw: unknown, where: string): Result<EpcisEvent> {
  const t = (raw as { type?: unknown } | null)?.type;
  if (typeof t !== 'string' || !(EPCIS_EVENT_TYPES as readonly string[]).includes(t)) {
    const field = where ? `${where}.type` : 'type';
    return fail({
      code: 'LEDGER_BAD_EVENT',
      message: `${field}: expected one of ${EPCIS_EVENT_TYPES.join(', ')}, got ${JSON.stringify(t)}`,
      where: field,
    });
  }
  const r = epcisEventSchema.safeParse(raw);
  return r.success ? ok(raw as EpcisEvent) : fail(...toIssues(where, r.error));
}

/** Parses a document or a single event (already JSON-decoded). */
export function parseEpcis(input: unknown): Result<ParsedEpcis> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return fail({
      code: 'LEDGER_BAD_EVENT',
      message: 'expected a JSON object (an EPCISDocument or one event)',
      where: '',
    });
  }
  const obj = input as Record<string, unknown>;
  if (obj['type'] !== 'EPCISDocument') {
    const r = parseEvent(obj, '');
    return r.ok ? ok({ context: obj['@context'], events: [r.value] }) : r;
  }
  const doc = epcisDocumentSchema.safeParse(obj);
  if (!doc.success) return fail(...toIssues('', doc.error));
  const issues: Issue[] = [];
  const events: EpcisEvent[] = [];
  doc.data.epcisBody.eventList.forEach((raw, i) => {
    const r = parseEvent(raw, `epcisBody.eventList[${i}]`);
    if (r.ok) events.push(r.value);
    else issues.push(...r.issues);
  });
  if (events.length === 0 && issues.length === 0) {
    issues.push({
      code: 'LEDGER_BAD_EVENT',
      message: 'epcisBody.eventList is empty',
      where: 'epcisBody.eventList',
    });
  }
  return issues.length > 0 ? fail(...issues) : ok({ context: obj['@context'], events });
}

/** Parses JSON text first; a syntax error is reported as an issue too. */
export function parseEpcisText(text: string): Result<ParsedEpcis> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail({ code: 'LEDGER_BAD_EVENT', message: `not JSON: ${(e as Error).message}`, where: '' });
  }
  return parseEpcis(json);
}
