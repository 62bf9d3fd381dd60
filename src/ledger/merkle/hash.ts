/**
 * RFC 9162 §2.1.1 hashing: leaves are SHA-256(0x00 || data), interior nodes SHA-256(0x01 || left || right).
 * The prefixes keep a leaf from ever being read as a node (second-preimage resistance).
 * Uses node:crypto's one-shot `hash` (about twice as fast as createHash for 65-byte inputs).
 */
import { hash } from 'node:crypto';

export type Hash = Buffer;

export const HASH_SIZE = 32;

/** SHA-256 of the empty string: the root of the empty tree (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Hash = Buffer.from(
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  'hex',
);

const nodeBuf = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeBuf[0] = 0x01;

/** SHA-256(0x00 || data). */
export function leafHash(data: Uint8Array): Hash {
  const buf = Buffer.allocUnsafe(data.length + 1);
  buf[0] = 0x00;
  buf.set(data, 1);
  return hash('sha256', buf, 'buffer');
}

/** SHA-256(0x01 || left || right). Both inputs must be 32 bytes. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  nodeBuf.set(left, 1);
  nodeBuf.set(right, 1 + HASH_SIZE);
  return hash('sha256', nodeBuf, 'buffer');
}

export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Parses lowercase or uppercase hex; returns undefined on odd length or a non-hex character. */
export function fromHex(s: string): Hash | undefined {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  return Buffer.from(s, 'hex');
}
