/**
 * Scope checks for one request. Every asset path (and so every series id and MQTT topic tail)
 * starts with its site; every site belongs to an organisation (`DEFAULT_ORG` unless registered
 * elsewhere). Out-of-scope reads answer 404, so a principal cannot even learn that something
 * exists in another scope; out-of-scope writes answer 403.
 *
 * @example
 * const scope = await scopeOf(c, deps.store);
 * scope.assertReadable(seriesId);            // NOT_FOUND outside the scope
 * const visible = scope.filter(list, (s) => s.id);
 */
import type { Context } from 'hono';
import {
  DEFAULT_ORG,
  inOrg,
  inScope,
  type Principal,
  principalOf,
  SYSTEM_PRINCIPAL,
  siteOf,
  XinzhiError,
} from '../../core/index.js';
import type { Store } from '../../store/index.js';

/** The site → organisation map, for `inScope`. */
export type OrgOfSite = (site: string) => string;

export interface SiteDirectory {
  /** The current map; reloaded when older than `ttlMs` or after `invalidate()`. */
  orgOfSite(): Promise<OrgOfSite>;
  /** Drops the cached map; call after registering or moving a site. */
  invalidate(): void;
}

export interface SiteDirectoryOptions {
  /**
   * How long a loaded map is trusted, ms; default 2000. In-process changes invalidate it at once;
   * the TTL bounds how long a change made by another process (`xinzhi sites set`) goes unseen.
   */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

export function createSiteDirectory(
  store: Pick<Store, 'listSites'>,
  options: SiteDirectoryOptions = {},
): SiteDirectory {
  const ttl = options.ttlMs ?? 2000;
  const now = options.now ?? Date.now;
  let cached: { at: number; map: OrgOfSite } | undefined;
  let loading: Promise<OrgOfSite> | undefined;
  let generation = 0;
  return {
    async orgOfSite() {
      if (cached && now() - cached.at < ttl) return cached.map;
      if (!loading) {
        const gen = generation;
        loading = store.listSites().then(
          (sites) => {
            const byId = new Map(sites.map((s) => [s.id, s.org]));
            const map: OrgOfSite = (site) => byId.get(site) ?? DEFAULT_ORG;
            if (gen === generation) cached = { at: now(), map };
            loading = undefined;
            return map;
          },
          (e: unknown) => {
            loading = undefined;
            throw e;
          },
        );
      }
      return loading;
    },
    invalidate() {
      generation++;
      cached = undefined;
      loading = undefined;
    },
  };
}

const directories = new WeakMap<object, SiteDirectory>();

/** The directory shared by everything serving `store` (one per running server). */
export function siteDirectory(store: Pick<Store, 'listSites'>): SiteDirectory {
  let d = directories.get(store);
  if (!d) {
    d = createSiteDirectory(store);
    directories.set(store, d);
  }
  return d;
}

/** What one principal may see and change, with the site map loaded. */
export interface ScopeCheck {
  readonly principal: Principal;
  readonly orgOfSite: OrgOfSite;
  /** The organisation org-wide things (plans, ledger, documents) are read and written in. */
  readonly org: string;
  /** Whether the principal is limited to less than its whole organisation. */
  readonly narrowed: boolean;
  /** Whether an asset path or series id is inside the scope. */
  covers(path: string): boolean;
  /** NOT_FOUND (as if it did not exist) when `path` is outside the scope. */
  assertReadable(path: string, field?: string): void;
  /** FORBIDDEN when `path` is outside the scope. */
  assertWritable(path: string, field?: string): void;
  /** The items whose path is inside the scope. */
  filter<T>(items: readonly T[], pathOf: (item: T) => string): T[];
  /** Whether something belonging to organisation `org` is visible. */
  inOrg(org: string | undefined): boolean;
  /** NOT_FOUND unless org-wide thing of `org` is visible. */
  assertOrgReadable(org: string | undefined, what: string): void;
  /**
   * FORBIDDEN unless the principal may change org-wide things: principals narrowed to sites or an
   * asset act only on those, not on what the whole organisation shares.
   */
  assertOrgWritable(what: string): void;
}

export function scopeCheck(principal: Principal, orgOfSite: OrgOfSite): ScopeCheck {
  const narrowed =
    principal.kind !== 'system' && (principal.scope.sites !== null || principal.scope.asset !== null);
  const covers = (path: string): boolean => inScope(principal, path, orgOfSite);
  const orgVisible = (org: string | undefined): boolean => inOrg(principal, org ?? DEFAULT_ORG);
  return {
    principal,
    orgOfSite,
    org: principal.scope.org,
    narrowed,
    covers,
    assertReadable(path, field = 'id') {
      if (!covers(path)) throw new XinzhiError('NOT_FOUND', `no '${path}'`, { field });
    },
    assertWritable(path, field = 'id') {
      if (!covers(path))
        throw new XinzhiError(
          'FORBIDDEN',
          `'${path}' is outside the scope of ${principal.name} (site '${siteOf(path)}')`,
          { field },
        );
    },
    filter: (items, pathOf) => items.filter((x) => covers(pathOf(x))),
    inOrg: orgVisible,
    assertOrgReadable(org, what) {
      if (!orgVisible(org)) throw new XinzhiError('NOT_FOUND', `no ${what}`, { field: 'id' });
    },
    assertOrgWritable(what) {
      if (narrowed)
        throw new XinzhiError(
          'FORBIDDEN',
          `${principal.name} is limited to ${principal.scope.asset ?? principal.scope.sites?.join(', ')} and may not change ${what} of organisation '${principal.scope.org}'`,
          { field: 'authorization' },
        );
    },
  };
}

const OPEN = principalOf('open', null, 'open', 'admin');

/** The request's principal; requests the auth middleware let through without one act as open mode. */
export const principalOfRequest = (c: Context): Principal =>
  (c.get('principal') as Principal | undefined) ?? OPEN;

/** The scope check of the request's principal. */
export async function scopeOf(c: Context, store: Pick<Store, 'listSites'>): Promise<ScopeCheck> {
  return scopeCheck(principalOfRequest(c), await siteDirectory(store).orgOfSite());
}

/** Scope check for background work: the system sees everything. */
export const systemScope = (): ScopeCheck => scopeCheck(SYSTEM_PRINCIPAL, () => DEFAULT_ORG);
