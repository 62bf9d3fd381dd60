/**
 * The zone a series' calendar buckets default to: the `timeZone` attribute of its asset or the
 * nearest ancestor that has one (the demo's plant, farm and fleet set it on the site), else UTC.
 * A site in Shanghai then gets its days from local midnight without every caller passing `tz`.
 */
import { XinzhiError } from '../../core/errors.js';
import { resolveTimeZone, type TimeZone } from '../../core/time-zone.js';
import type { Store } from '../../store/index.js';

/** Deepest asset path walked (paths are `/`-separated ids; plants are a handful of levels). */
const MAX_DEPTH = 64;

export async function siteTimeZone(store: Pick<Store, 'getAsset'>, assetId: string): Promise<TimeZone> {
  let id: string | null = assetId;
  for (let depth = 0; id !== null && depth < MAX_DEPTH; depth++) {
    const a = await store.getAsset(id);
    if (!a) break;
    const tz = a.attributes['timeZone'];
    if (typeof tz === 'string' && tz.trim() !== '') {
      try {
        return resolveTimeZone(tz, 'tz');
      } catch (e) {
        throw new XinzhiError(
          'BAD_INPUT',
          `asset "${a.id}" has timeZone "${tz}", which is not usable (${(e as Error).message}); pass tz explicitly or fix the attribute`,
          { field: 'tz', cause: e },
        );
      }
    }
    id = a.parentId;
  }
  return resolveTimeZone('UTC');
}
