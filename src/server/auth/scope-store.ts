/**
 * The store as one request's principal sees it, for org-level areas (plans, staffing, logistics,
 * farm, training runs) whose handlers and domain helpers read the store in many places:
 *
 * - documents live in a namespace per organisation: the default organisation keeps the plain
 *   namespaces (so existing data stays where it is); organisation X uses `<ns>@X`. Documents of one
 *   organisation are invisible to every other.
 * - series and assets outside the scope do not exist (a plan cannot forecast from another site's
 *   series): `getSeries` answers undefined, point queries NOT_FOUND, lists are filtered.
 *
 * The request's scope travels in AsyncLocalStorage (set by `withScope`), so the store can be
 * wrapped once when the routers are built; outside a request (background jobs) it is the plain store.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareHandler } from 'hono';
import { DEFAULT_ORG, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { type ScopeCheck, scopeOf, UNDERLYING_STORE } from './scope.js';

const current = new AsyncLocalStorage<ScopeCheck>();

/** Middleware: the rest of the request runs with its principal's scope (see `scopedStore`). */
export const withScope =
  (store: Pick<Store, 'listSites'>): MiddlewareHandler =>
  async (c, next) => {
    const scope = await scopeOf(c, store);
    await current.run(scope, next);
  };

/**
 * Runs `fn` with `scope` as the current request's scope: a job worker runs the submitter's job
 * through the same routers as a request of that principal would.
 */
export const runWithScope = <T>(scope: ScopeCheck, fn: () => T): T => current.run(scope, fn);

/** The document namespace of `ns` for organisation `org`. */
export const orgNamespace = (ns: string, org: string): string => (org === DEFAULT_ORG ? ns : `${ns}@${org}`);

const DOC_METHODS = new Set(['putDoc', 'getDoc', 'listDocs', 'deleteDoc']);

export function scopedStore(store: Store): Store {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === UNDERLYING_STORE) return target;
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      const fn = v as (...a: unknown[]) => unknown;
      const scope = current.getStore();
      if (!scope || scope.principal.kind === 'system') return fn.bind(target);
      if (typeof prop === 'string' && DOC_METHODS.has(prop))
        return (ns: string, ...rest: unknown[]) => fn.call(target, orgNamespace(ns, scope.org), ...rest);
      switch (prop) {
        case 'getSeries':
        case 'getAsset':
          return async (id: string) => (scope.covers(id) ? fn.call(target, id) : undefined);
        case 'queryPoints':
        case 'queryBuckets':
          return async (id: string, ...rest: unknown[]) => {
            if (!scope.covers(id))
              throw new XinzhiError('NOT_FOUND', `no series '${id}'`, { field: 'series' });
            return fn.call(target, id, ...rest);
          };
        case 'listSeries':
        case 'listAssets':
          return async (...args: unknown[]) =>
            scope.filter((await fn.apply(target, args)) as Array<{ id: string }>, (x) => x.id);
        case 'latest':
          return async (...args: unknown[]) => {
            const m = (await fn.apply(target, args)) as Map<string, unknown>;
            return new Map([...m].filter(([id]) => scope.covers(id)));
          };
        default:
          return fn.bind(target);
      }
    },
  });
}
