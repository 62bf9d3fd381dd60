/**
 * C2SP signed notes: a UTF-8 text body ending in a newline, a blank line, then one line per
 * signature: `— <key name> <base64(4-byte key id || signature)>`. Signatures by keys the verifier
 * does not know are kept but ignored; a known key with a bad signature rejects the note.
 */
import { fail, ok, type Result } from '../../core/index.js';
import type { Signer, Verifier } from './signer.js';

const DASH = '\u2014 ';

export interface NoteSignature {
  readonly name: string;
  readonly keyId: Buffer;
  /** Signature bytes after the key id. */
  readonly signature: Buffer;
  /** The line as it appears in the note, without the newline. */
  readonly line: string;
}

export interface ParsedNote {
  readonly body: string;
  readonly signatures: readonly NoteSignature[];
}

export interface OpenedNote extends ParsedNote {
  readonly verified: readonly NoteSignature[];
  readonly unverified: readonly NoteSignature[];
}

const issue = (message: string, where = 'note') => ({ code: 'LEDGER_BAD_NOTE', message, where });

/** Splits a note into body and signature lines without checking any signature. */
export function parseNote(text: string): Result<ParsedNote> {
  if (!text.endsWith('\n')) return fail(issue('a signed note ends with a newline'));
  const split = text.lastIndexOf('\n\n');
  if (split < 0) return fail(issue('a signed note has a blank line between body and signatures'));
  const body = text.slice(0, split + 1);
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(body))
    return fail(issue('the note body has a control character'));
  const lines = text.slice(split + 2, -1).split('\n');
  const signatures: NoteSignature[] = [];
  for (const [i, line] of lines.entries()) {
    const where = `signature line ${i + 1}`;
    if (!line.startsWith(DASH)) return fail(issue(`'${line.slice(0, 40)}' does not start with '— '`, where));
    const rest = line.slice(DASH.length);
    const space = rest.lastIndexOf(' ');
    if (space <= 0) return fail(issue('a signature line is "— <name> <base64>"', where));
    const name = rest.slice(0, space);
    const b64 = rest.slice(space + 1);
    if (/[+\s]/u.test(name)) return fail(issue(`key name '${name}' has '+' or whitespace`, where));
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return fail(issue('signature is not base64', where));
    const raw = Buffer.from(b64, 'base64');
    if (raw.length < 5) return fail(issue('signature is shorter than a key id', where));
    signatures.push({ name, keyId: raw.subarray(0, 4), signature: raw.subarray(4), line });
  }
  if (signatures.length === 0) return fail(issue('a signed note has at least one signature'));
  return ok({ body, signatures });
}

/**
 * Parses and verifies a note: succeeds when at least one signature comes from a known verifier and
 * every signature from a known verifier is valid.
 */
export function openNote(text: string, verifiers: readonly Verifier[]): Result<OpenedNote> {
  const parsed = parseNote(text);
  if (!parsed.ok) return parsed;
  const { body, signatures } = parsed.value;
  const bytes = Buffer.from(body, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  for (const s of signatures) {
    const v = verifiers.find((k) => k.name === s.name && k.keyId.equals(s.keyId));
    if (!v) {
      unverified.push(s);
      continue;
    }
    if (!v.verify(bytes, s.signature)) {
      return fail(issue(`signature by ${s.name} (${s.keyId.toString('hex')}) does not verify`, s.name));
    }
    verified.push(s);
  }
  if (verified.length === 0) return fail(issue('no signature from a known key'));
  return ok({ body, signatures, verified, unverified });
}

/** The signature line a signer adds for `body`. */
export function signatureLine(body: string, signer: Signer): string {
  const sig = signer.sign(Buffer.from(body, 'utf8'));
  return `${DASH}${signer.name} ${Buffer.concat([signer.keyId, sig]).toString('base64')}`;
}

/** Signs `body` (which must end in a newline) with every signer. */
export function signNote(body: string, signers: readonly Signer[]): string {
  if (!body.endsWith('\n')) throw new RangeError('a note body ends with a newline');
  return `${body}\n${signers.map((s) => `${signatureLine(body, s)}\n`).join('')}`;
}

/** Adds signature lines (e.g. witness cosignatures) to a signed note, skipping duplicates. */
export function addSignatureLines(note: string, lines: readonly string[]): string {
  const have = new Set(note.split('\n'));
  return (
    note +
    lines
      .filter((l) => !have.has(l))
      .map((l) => `${l}\n`)
      .join('')
  );
}
