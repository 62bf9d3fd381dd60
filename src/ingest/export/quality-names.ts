import { QUALITY } from '../../core/index.js';

const FLAGS: ReadonlyArray<[number, string]> = Object.entries(QUALITY)
  .filter(([, v]) => v > 0)
  .map(([k, v]) => [v, k.toLowerCase()]);

/** Quality bits as names (`outlier,after_gap`); empty for a good point. */
export function qualityNames(q: number): string {
  if (q === 0) return '';
  return FLAGS.filter(([bit]) => (q & bit) !== 0)
    .map(([, n]) => n)
    .join(',');
}
