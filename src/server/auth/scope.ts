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
  SYSTEM_PRINCIPAL,
  siteOf,
  XinzhiError,
} from '../../core/index.js';
import type { CleaningPipeline, IngestContext, ParsedBatch, RawReading } from '../../ingest/index.js';
import type { Store } from '../../store/index.js';

/** The site → organisation map, for `inScope`. */
export type OrgOfSite = (site: string) => string;

export interface SiteDirectory {
  /** The current map; reloaded when older than `ttlMs` or after `invalidate()`. */
  orgOfSite(): Promise<OrgOfSite>;
  /**
   * The last loaded map, synchronously (for per-message checks), reloading it in the background
   * when stale; every site is the default organisation's until the first load.
   */
  current(): OrgOfSite;
  /** Drops the cached map and starts reloading it; call after registering or moving a site. */
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
  let last: OrgOfSite = () => DEFAULT_ORG;
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
            if (gen === generation) {
              cached = { at: now(), map };
              last = map;
            }
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
    current() {
      if (!cached || now() - cached.at >= ttl) void this.orgOfSite().catch(() => undefined);
      return last;
    },
    invalidate() {
      generation++;
      cached = undefined;
      loading = undefined;
      void this.orgOfSite().catch(() => undefined);
    },
  };
}

const directories = new WeakMap<object, SiteDirectory>();

/** Views of a store (scope-store.ts) name the store they wrap, so they share its site directory. */
export const UNDERLYING_STORE: unique symbol = Symbol('xinzhi.underlyingStore');

/** The directory shared by everything serving `store` (one per running server). */
export function siteDirectory(store: Pick<Store, 'listSites'>): SiteDirectory {
  const key = ((store as { [UNDERLYING_STORE]?: object })[UNDERLYING_STORE] ?? store) as Pick<
    Store,
    'listSites'
  >;
  let d = directories.get(key);
  if (!d) {
    d = createSiteDirectory(key);
    directories.set(key, d);
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
   * Whether an event is visible: by its series or asset, else by the organisation recorded in its
   * data (`data.org`, default organisation when absent) for principals not narrowed to sites.
   */
  eventVisible(e: {
    seriesId: string | null;
    assetId: string | null;
    data?: Readonly<Record<string, unknown>>;
  }): boolean;
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
    eventVisible(e) {
      const path = e.seriesId ?? e.assetId;
      if (path !== null) return covers(path);
      const org = typeof e.data?.org === 'string' ? e.data.org : undefined;
      return !narrowed && orgVisible(org);
    },
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

/** Whoever did not authenticate: no permission, no site (route guards answer 401 before this matters). */
const NOBODY: Principal = Object.freeze({
  kind: 'user',
  id: null,
  name: 'anonymous',
  role: 'viewer',
  permissions: new Set<never>(),
  scope: Object.freeze({ org: '', sites: [], asset: null }),
});

/** The request's principal, or NOBODY when the request carried no credentials. */
export const principalOfRequest = (c: Context): Principal =>
  (c.get('principal') as Principal | undefined) ?? NOBODY;

/** The scope check of the request's principal. */
export async function scopeOf(c: Context, store: Pick<Store, 'listSites'>): Promise<ScopeCheck> {
  return scopeCheck(principalOfRequest(c), await siteDirectory(store).orgOfSite());
}

/** Scope check for background work: the system sees everything. */
export const systemScope = (): ScopeCheck => scopeCheck(SYSTEM_PRINCIPAL, () => DEFAULT_ORG);

/**
 * The pipeline as seen by one principal: any reading outside its scope fails the batch with
 * FORBIDDEN before anything of that batch is written (strict dry runs included, so a strict import
 * stores nothing). Used where the series are known only once a file or quarantined text is read.
 */
export function scopedPipeline(pipeline: CleaningPipeline, scope: ScopeCheck): CleaningPipeline {
  if (scope.principal.kind === 'system') return pipeline;
  const check = (seriesId: string | undefined, location: string): void => {
    if (seriesId !== undefined && !scope.covers(seriesId))
      throw new XinzhiError(
        'FORBIDDEN',
        `${location}: series '${seriesId}' is outside the scope of ${scope.principal.name}; nothing of this batch was stored`,
        { field: location },
      );
  };
  return new Proxy(pipeline, {
    get(target, prop) {
      if (prop === 'ingest')
        return (readings: readonly RawReading[], ctx: IngestContext) => {
          for (const r of readings) check(r.seriesId, r.location);
          return target.ingest(readings, ctx);
        };
      if (prop === 'ingestParsed')
        return (batch: ParsedBatch, ctx: IngestContext) => {
          for (const r of batch.parsed) check(r.seriesId, batch.location(r.index));
          for (const r of batch.rejections) check(batch.seriesId(r.index), r.location);
          return target.ingestParsed(batch, ctx);
        };
      if (prop === 'dryRun')
        return () => {
          const dry = target.dryRun();
          return {
            check(readings: readonly RawReading[], ctx: IngestContext) {
              for (const r of readings) check(r.seriesId, r.location);
              return dry.check(readings, ctx);
            },
          };
        };
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
