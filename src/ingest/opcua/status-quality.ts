/**
 * OPC UA status codes (Part 4 §7.39: the two top bits give Good 00, Uncertain 01, Bad 10) to what
 * xinzhi does with the value: Good is stored as is, Uncertain stored with `QUALITY.UNCERTAIN`,
 * Bad quarantined with the status name (the value of a Bad reading means nothing).
 */
import { QUALITY } from '../../core/index.js';

export type StatusVerdict =
  | { readonly kind: 'store'; readonly quality: number }
  | { readonly kind: 'quarantine'; readonly reason: string };

export function statusVerdict(code: number, name: string): StatusVerdict {
  const severity = (code >>> 30) & 0b11;
  if (severity === 0) return { kind: 'store', quality: 0 };
  if (severity === 1) return { kind: 'store', quality: QUALITY.UNCERTAIN };
  return {
    kind: 'quarantine',
    reason: `OPC UA status ${name} (0x${(code >>> 0).toString(16).padStart(8, '0')})`,
  };
}
