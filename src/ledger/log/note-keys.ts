/**
 * Text forms of note keys (C2SP signed-note, as golang.org/x/mod/sumdb/note writes them):
 *   verifier key  <name>+<hex key id>+<base64(algorithm || public key)>
 *   signer key    PRIVATE+KEY+<name>+<hex key id>+<base64(algorithm || seed)>
 */
import { XinzhiError } from '../../core/index.js';
import { ed25519FromSeed } from './ed25519.js';
import {
  ALG_COSIGNATURE_V1,
  ALG_ED25519,
  cosignatureVerifier,
  ed25519Signer,
  ed25519Verifier,
  noteKeyId,
  type Signer,
  type Verifier,
} from './signer.js';

const SUPPORTED = new Set([ALG_ED25519, ALG_COSIGNATURE_V1]);
const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;

/** A key name: non-empty, no '+', no whitespace (signed-note rules). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[+\s]/u.test(name);
}

export function formatVerifierKey(v: { name: string; algorithm: number; publicKey: Uint8Array }): string {
  const id = noteKeyId(v.name, v.algorithm, v.publicKey).toString('hex');
  return `${v.name}+${id}+${Buffer.concat([Buffer.from([v.algorithm]), v.publicKey]).toString('base64')}`;
}

export function formatSignerKey(
  name: string,
  algorithm: number,
  seed: Uint8Array,
  publicKey: Uint8Array,
): string {
  const id = noteKeyId(name, algorithm, publicKey).toString('hex');
  return `PRIVATE+KEY+${name}+${id}+${Buffer.concat([Buffer.from([algorithm]), seed]).toString('base64')}`;
}

function bad(message: string): XinzhiError {
  return new XinzhiError('BAD_INPUT', message, { field: 'key' });
}

function splitKey(text: string): { name: string; id: string; algorithm: number; key: Buffer } {
  // The base64 part may itself contain '+', so split only at the first two.
  const m = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(text.trim());
  if (!m) throw bad('a note key is <name>+<hex id>+<base64>');
  // A match has all three groups (each may be empty); the defaults only satisfy the type.
  const [, name = '', id = '', b64 = ''] = m;
  if (!isValidKeyName(name)) throw bad(`key name '${name}' is empty or has '+' or whitespace`);
  if (!/^[0-9a-f]{8}$/.test(id)) throw bad(`key id '${id}' is not 8 lowercase hex digits`);
  if (!BASE64_RE.test(b64)) throw bad('key material is not base64');
  const raw = Buffer.from(b64, 'base64');
  const algorithm = raw[0] ?? -1;
  if (!SUPPORTED.has(algorithm)) throw bad(`unsupported key algorithm byte 0x${algorithm.toString(16)}`);
  const key = raw.subarray(1);
  if (key.length !== 32) throw bad(`an Ed25519 key is 32 bytes, got ${key.length}`);
  return { name, id, algorithm, key };
}

/** Parses `<name>+<id>+<base64>` and checks the id matches the key. */
export function parseVerifierKey(vkey: string): Verifier {
  const { name, id, algorithm, key } = splitKey(vkey);
  const v = algorithm === ALG_COSIGNATURE_V1 ? cosignatureVerifier(name, key) : ed25519Verifier(name, key);
  if (v.keyId.toString('hex') !== id)
    throw bad(`key id ${id} does not match the key (expected ${v.keyId.toString('hex')})`);
  return v;
}

/** Parses `PRIVATE+KEY+<name>+<id>+<base64 seed>`. */
export function parseSignerKey(skey: string): Signer {
  const t = skey.trim();
  if (!t.startsWith('PRIVATE+KEY+')) throw bad('a signer key starts with PRIVATE+KEY+');
  const { name, id, algorithm, key } = splitKey(t.slice('PRIVATE+KEY+'.length));
  const s = ed25519Signer(name, ed25519FromSeed(key), algorithm);
  if (s.keyId.toString('hex') !== id) throw bad(`key id ${id} does not match the key`);
  return s;
}
