import { XinzhiError } from '../../core/index.js';

/** Throws BAD_INPUT naming `field` unless `v` is a finite number > 0 (or ≥ 0 with `allowZero`). */
export function positive(field: string, v: number, allowZero = false): number {
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0))
    throw new XinzhiError(
      'BAD_INPUT',
      `${field} must be a finite number ${allowZero ? '≥' : '>'} 0, got ${v}`,
      {
        field,
      },
    );
  return v;
}

/** Throws BAD_INPUT unless `v` is a whole number ≥ `min`. */
export function whole(field: string, v: number, min = 1): number {
  if (!Number.isInteger(v) || v < min)
    throw new XinzhiError('BAD_INPUT', `${field} must be a whole number ≥ ${min}, got ${v}`, { field });
  return v;
}
