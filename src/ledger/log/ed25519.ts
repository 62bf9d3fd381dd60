/**
 * Ed25519 through node:crypto, keyed by the 32-byte RFC 8032 seed (the form C2SP note keys carry).
 * KeyObjects are built once per key: re-importing a key per signature would halve the rate.
 */
import { createPrivateKey, createPublicKey, type KeyObject, randomBytes, sign, verify } from 'node:crypto';

// DER prefixes of PKCS#8 and SPKI for Ed25519 (RFC 8410); the raw key follows.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface Ed25519Key {
  readonly seed: Buffer;
  readonly publicKey: Buffer;
  readonly privateKeyObject: KeyObject;
}

export function ed25519FromSeed(seed: Uint8Array): Ed25519Key {
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  const privateKeyObject = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKeyObject).export({ format: 'der', type: 'spki' });
  return {
    seed: Buffer.from(seed),
    publicKey: Buffer.from(spki.subarray(SPKI_PREFIX.length)),
    privateKeyObject,
  };
}

export const ed25519Generate = (): Ed25519Key => ed25519FromSeed(randomBytes(32));

export function ed25519PublicKeyObject(publicKey: Uint8Array): KeyObject {
  if (publicKey.length !== 32) throw new RangeError('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

export const ed25519Sign = (key: KeyObject, message: Uint8Array): Buffer => sign(null, message, key);

export function ed25519Verify(key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}
