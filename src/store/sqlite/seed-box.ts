/**
 * AES-256-GCM for secrets stored in a column. The associated data binds a sealed value to its row
 * (the key's owner, e.g. the organisation id, and key id), so a sealed seed copied into another
 * organisation's row does not open. Layout: `XZS1` ‖ 12-byte nonce ‖ ciphertext ‖ 16-byte tag.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const MAGIC = Buffer.from('XZS1', 'latin1');
const NONCE = 12;
const TAG = 16;

/** Whether a stored value was sealed by `seal` (clear seeds are 32 bytes without the prefix). */
export const isSealed = (b: Buffer): boolean =>
  b.length >= MAGIC.length + NONCE + TAG && b.subarray(0, MAGIC.length).equals(MAGIC);

export function seal(key: Buffer, associated: string, plain: Buffer): Buffer {
  const nonce = randomBytes(NONCE);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  c.setAAD(Buffer.from(associated, 'utf8'));
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([MAGIC, nonce, body, c.getAuthTag()]);
}

/** The plaintext, or undefined when the key or the associated data is not the one it was sealed with. */
export function unseal(key: Buffer, associated: string, sealed: Buffer): Buffer | undefined {
  if (!isSealed(sealed)) return undefined;
  const nonce = sealed.subarray(MAGIC.length, MAGIC.length + NONCE);
  const body = sealed.subarray(MAGIC.length + NONCE, sealed.length - TAG);
  const d = createDecipheriv('aes-256-gcm', key, nonce);
  d.setAAD(Buffer.from(associated, 'utf8'));
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  try {
    return Buffer.concat([d.update(body), d.final()]);
  } catch {
    return undefined;
  }
}
