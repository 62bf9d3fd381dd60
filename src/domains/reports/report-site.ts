/**
 * The site a report is about and the zone its times are shown in: the asset given (else the first
 * top-level asset), named as people name it, and the `timeZone` of it or its nearest ancestor (the
 * same rule as the API's calendar buckets); a zone given explicitly wins.
 */
import { resolveTimeZone, type TimeZone } from '../../core/index.js';
import { siteTimeZone } from '../../ingest/index.js';
import type { Store } from '../../store/index.js';

export async function reportSite(
  store: Pick<Store, 'getAsset' | 'listAssets'>,
  o: { readonly asset?: string | undefined; readonly tz?: string | undefined },
): Promise<{ site: string; zone: TimeZone }> {
  let id = o.asset;
  if (id === undefined) {
    const roots = (await store.listAssets()).filter((a) => a.parentId === null);
    id = roots.length === 1 ? roots[0]!.id : undefined;
  }
  const a = id === undefined ? undefined : await store.getAsset(id);
  const zone =
    o.tz !== undefined
      ? resolveTimeZone(o.tz, 'tz')
      : a
        ? await siteTimeZone(store, a.id)
        : resolveTimeZone('UTC');
  return { site: a ? (a.name !== a.id ? `${a.name} (${a.id})` : a.id) : 'xinzhi', zone };
}
