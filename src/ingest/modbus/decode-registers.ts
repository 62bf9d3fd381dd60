/**
 * 16-bit Modbus registers to engineering values: the four byte orders of 32-bit values, signed and
 * unsigned integers, IEEE 754 float32, then `value × scale + offset`. A float32 that is NaN or
 * infinite stays so: the cleaning pipeline quarantines it naming the register.
 */
import type { ByteOrder, RegisterType } from './register-map.js';

const view = new DataView(new ArrayBuffer(4));

/** The four bytes of `hi`, `lo` (the two registers as read) rearranged into big-endian ABCD. */
function toBigEndian(first: number, second: number, order: ByteOrder): void {
  const b = [(first >> 8) & 0xff, first & 0xff, (second >> 8) & 0xff, second & 0xff] as const;
  // Where A, B, C, D sit in the received bytes.
  const idx =
    order === 'ABCD'
      ? [0, 1, 2, 3]
      : order === 'CDAB'
        ? [2, 3, 0, 1]
        : order === 'BADC'
          ? [1, 0, 3, 2]
          : [3, 2, 1, 0];
  for (let i = 0; i < 4; i++) view.setUint8(i, b[idx[i]!]!);
}

/** The raw (unscaled) value of one register value starting at `words[i]`. */
export function decodeWords(
  words: ArrayLike<number>,
  i: number,
  type: RegisterType,
  order: ByteOrder,
): number {
  const first = (words[i] ?? 0) & 0xffff;
  if (type === 'int16' || type === 'uint16' || type === 'bool') {
    const swapped = order === 'BADC' || order === 'DCBA';
    const w = swapped ? ((first & 0xff) << 8) | (first >> 8) : first;
    if (type === 'bool') return w === 0 ? 0 : 1;
    return type === 'int16' && w >= 0x8000 ? w - 0x10000 : w;
  }
  toBigEndian(first, (words[i + 1] ?? 0) & 0xffff, order);
  if (type === 'int32') return view.getInt32(0);
  if (type === 'uint32') return view.getUint32(0);
  return view.getFloat32(0);
}

/** The engineering value: raw × scale + offset. */
export const scaled = (raw: number, scale: number, offset: number): number => raw * scale + offset;
