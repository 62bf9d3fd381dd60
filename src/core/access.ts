/**
 * Who may do what, and where: the access model every adapter (HTTP, SSE, MQTT, CLI) enforces.
 *
 * - A **permission** is one kind of action. Routes and MQTT handlers declare the permission they
 *   need; they never test role names.
 * - A **role** is a named bundle of permissions (viewer, operator, engineer, device, admin).
 * - A **scope** says where a principal may act: one organisation, optionally a list of its sites,
 *   and for device credentials one asset path. An asset's site is the first segment of its path
 *   (`plant1/press/line1` → `plant1`), the same path as its MQTT topic, so a scope check needs no
 *   lookup beyond which organisation a site belongs to.
 * - A **principal** is whoever acts: a user, an API key, a device, the open first-run mode, or the
 *   system itself (background jobs).
 */

export const PERMISSIONS = [
  /** See data, plans, loops, the ledger. */
  'read',
  /** Send readings, events, imports; fix and resubmit quarantine. */
  'data:write',
  /** Acknowledge, shelve and comment on alarms. */
  'alarms:ack',
  /** Change a loop's mode, setpoint or manual output. */
  'loops:operate',
  /** Create, retune, delete loops and twins; change alarm rules. */
  'loops:configure',
  /** Run and store plans, routes, staffing, farm schedules. */
  'plan',
  /** Create and change series and assets (limits, retention, units, RUL mappings). */
  'series:manage',
  /** Record events on the ledger. */
  'ledger:append',
  /** Create ledger organisations, run audits, manage witnesses. */
  'ledger:manage',
  /** Manage API keys, users, organisations and sites; read the audit log. */
  'access:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['viewer', 'operator', 'engineer', 'device', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const OPERATOR: readonly Permission[] = ['read', 'data:write', 'alarms:ack', 'loops:operate', 'plan'];

/** The bundles; `docs/security.md` has the same table in words. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ['read'],
  operator: OPERATOR,
  engineer: [...OPERATOR, 'loops:configure', 'series:manage', 'ledger:append'],
  // A device sends its own readings and reads its own commands; both are limited to its asset.
  device: ['data:write'],
  admin: PERMISSIONS,
};

/** The organisation every installation starts with; sites not assigned elsewhere belong to it. */
export const DEFAULT_ORG = 'default';

export interface Scope {
  readonly org: string;
  /** Sites of `org` the principal may act on; null means every site of the organisation. */
  readonly sites: readonly string[] | null;
  /** For device credentials: the asset path it speaks for (itself and everything below it). */
  readonly asset: string | null;
}

export type PrincipalKind = 'user' | 'key' | 'open' | 'system';

export interface Principal {
  readonly kind: PrincipalKind;
  /** User or key id; null for open mode and the system. */
  readonly id: number | null;
  /** Shown in audit records: a user name, a key name, `open` or `system`. */
  readonly name: string;
  readonly role: Role;
  readonly permissions: ReadonlySet<Permission>;
  readonly scope: Scope;
}

/** Everything, everywhere: background jobs of the server itself. */
export const SYSTEM_PRINCIPAL: Principal = Object.freeze({
  kind: 'system',
  id: null,
  name: 'system',
  role: 'admin',
  permissions: new Set<Permission>(PERMISSIONS),
  scope: Object.freeze({ org: DEFAULT_ORG, sites: null, asset: null }),
});

/** Builds a principal from a role and a scope. */
export function principalOf(
  kind: PrincipalKind,
  id: number | null,
  name: string,
  role: Role,
  scope: Partial<Scope> = {},
): Principal {
  return {
    kind,
    id,
    name,
    role,
    permissions: new Set(ROLE_PERMISSIONS[role]),
    scope: { org: scope.org ?? DEFAULT_ORG, sites: scope.sites ?? null, asset: scope.asset ?? null },
  };
}

export const can = (p: Principal, permission: Permission): boolean => p.permissions.has(permission);

/** The site of an asset path, series id or MQTT topic tail: its first segment. */
export function siteOf(path: string): string {
  const i = path.indexOf('/');
  return i < 0 ? path : path.slice(0, i);
}

/** Whether `path` is `prefix` itself or below it, segment-wise (`a/b` covers `a/b/c`, not `a/bc`). */
export function pathCovers(prefix: string, path: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * Whether an asset path (or series id) is inside the principal's scope. `orgOfSite` names the
 * organisation a site belongs to (`DEFAULT_ORG` for sites nobody assigned).
 */
export function inScope(p: Principal, path: string, orgOfSite: (site: string) => string): boolean {
  if (p.kind === 'system') return true;
  const site = siteOf(path);
  if (orgOfSite(site) !== p.scope.org) return false;
  if (p.scope.sites !== null && !p.scope.sites.includes(site)) return false;
  if (p.scope.asset !== null && !pathCovers(p.scope.asset, path)) return false;
  return true;
}

/** Whether a principal may act on anything of organisation `org` (org-wide resources: plans, ledger). */
export const inOrg = (p: Principal, org: string): boolean => p.kind === 'system' || p.scope.org === org;
