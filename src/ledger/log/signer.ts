/**
 * Signers and verifiers for C2SP signed notes. The algorithm is a byte in the key (0x01 Ed25519,
 * 0x04 timestamped Ed25519 cosignature); adding another means one more implementation of these two
 * interfaces, registered by that byte in `note-keys.ts`. Nothing else changes.
 */
import { hash } from 'node:crypto';
import { type Ed25519Key, ed25519PublicKeyObject, ed25519Sign, ed25519Verify } from './ed25519.js';

export const ALG_ED25519 = 0x01;
export const ALG_COSIGNATURE_V1 = 0x04;

export interface Signer {
  readonly name: string;
  /** First 4 bytes of SHA-256(name || 0x0A || algorithm || public key). */
  readonly keyId: Buffer;
  readonly algorithm: number;
  readonly publicKey: Buffer;
  /** Signature bytes over `message` (without the key id prefix). */
  sign(message: Uint8Array): Buffer;
}

export interface Verifier {
  readonly name: string;
  readonly keyId: Buffer;
  readonly algorithm: number;
  readonly publicKey: Buffer;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** C2SP signed-note key ID: SHA-256(name || "\n" || algorithm byte || public key)[:4]. */
export function noteKeyId(name: string, algorithm: number, publicKey: Uint8Array): Buffer {
  const data = Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([algorithm]), publicKey]);
  return hash('sha256', data, 'buffer').subarray(0, 4);
}

export function ed25519Signer(name: string, key: Ed25519Key, algorithm = ALG_ED25519): Signer {
  return {
    name,
    algorithm,
    publicKey: key.publicKey,
    keyId: noteKeyId(name, algorithm, key.publicKey),
    sign: (m) => ed25519Sign(key.privateKeyObject, m),
  };
}

export function ed25519Verifier(name: string, publicKey: Uint8Array, algorithm = ALG_ED25519): Verifier {
  const obj = ed25519PublicKeyObject(publicKey);
  return {
    name,
    algorithm,
    publicKey: Buffer.from(publicKey),
    keyId: noteKeyId(name, algorithm, publicKey),
    verify: (m, s) => ed25519Verify(obj, m, s),
  };
}

/** The message a cosignature/v1 covers: `cosignature/v1\ntime <unix seconds>\n` + checkpoint body. */
export function cosignatureMessage(timestamp: number, body: string): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${body}`, 'utf8');
}

/**
 * A C2SP tlog-cosignature v1 signer (key type 0x04): its signature is an 8-byte big-endian Unix
 * timestamp (seconds) followed by the Ed25519 signature of `cosignatureMessage(timestamp, body)`.
 */
export function cosignatureSigner(name: string, key: Ed25519Key, nowSeconds: () => number): Signer {
  const inner = ed25519Signer(name, key, ALG_COSIGNATURE_V1);
  return {
    ...inner,
    sign: (body) => {
      const ts = Math.floor(nowSeconds());
      const t = Buffer.alloc(8);
      t.writeBigUInt64BE(BigInt(ts));
      return Buffer.concat([
        t,
        ed25519Sign(key.privateKeyObject, cosignatureMessage(ts, Buffer.from(body).toString('utf8'))),
      ]);
    },
  };
}

export function cosignatureVerifier(name: string, publicKey: Uint8Array): Verifier {
  const obj = ed25519PublicKeyObject(publicKey);
  return {
    name,
    algorithm: ALG_COSIGNATURE_V1,
    publicKey: Buffer.from(publicKey),
    keyId: noteKeyId(name, ALG_COSIGNATURE_V1, publicKey),
    verify: (body, sig) => {
      if (sig.length !== 72) return false;
      const ts = Buffer.from(sig).readBigUInt64BE(0);
      if (ts > BigInt(Number.MAX_SAFE_INTEGER)) return false;
      const msg = cosignatureMessage(Number(ts), Buffer.from(body).toString('utf8'));
      return ed25519Verify(obj, msg, sig.subarray(8));
    },
  };
}

/** The timestamp inside a cosignature/v1 signature (after the 4-byte key id has been removed). */
export function cosignatureTimestamp(sig: Uint8Array): number | undefined {
  if (sig.length !== 72) return undefined;
  return Number(Buffer.from(sig).readBigUInt64BE(0));
}
