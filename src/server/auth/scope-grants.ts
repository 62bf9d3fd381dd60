/**
 * Who may hand out which rights: a principal creates keys (and registers sites) only inside its own
 * scope, and never a key with a permission it lacks or a wider scope than its own.
 *
 * The installation administrator (an unrestricted admin of the `default` organisation, first-run
 * open mode, the CLI) is the one principal that creates organisations and keys for them: somebody
 * has to give organisation A its first admin key.
 */
import {
  can,
  DEFAULT_ORG,
  type Principal,
  pathCovers,
  ROLE_PERMISSIONS,
  type Role,
  siteOf,
  XinzhiError,
} from '../../core/index.js';
import type { ApiKeyRecord } from '../../store/index.js';
import type { OrgOfSite } from './scope.js';

export const isInstallationAdmin = (p: Principal): boolean =>
  p.kind === 'system' ||
  p.kind === 'open' ||
  (can(p, 'access:manage') &&
    p.scope.org === DEFAULT_ORG &&
    p.scope.sites === null &&
    p.scope.asset === null);

export interface KeyScopeInput {
  readonly role: Role;
  readonly org?: string | undefined;
  readonly sites?: readonly string[] | null | undefined;
  readonly asset?: string | null | undefined;
}

const forbid = (field: string, message: string): XinzhiError =>
  new XinzhiError('FORBIDDEN', message, { field });

/**
 * The scope a new key gets (organisation defaulting to the creator's), or FORBIDDEN naming the
 * field that would exceed the creator's rights, or BAD_INPUT when a site is not the organisation's.
 */
export function grantKeyScope(
  creator: Principal,
  input: KeyScopeInput,
  orgOfSite: OrgOfSite,
): { org: string; sites: readonly string[] | null; asset: string | null } {
  const org = input.org ?? creator.scope.org;
  const sites = input.sites ?? null;
  const asset = input.asset ?? null;
  if (org !== creator.scope.org && !isInstallationAdmin(creator))
    throw forbid('org', `${creator.name} may create keys only in organisation '${creator.scope.org}'`);
  const missing = ROLE_PERMISSIONS[input.role].filter((p) => !can(creator, p));
  if (missing.length > 0)
    throw forbid('role', `a '${input.role}' key may ${missing.join(', ')}, which ${creator.name} may not`);
  sites?.forEach((s, i) => {
    if (orgOfSite(s) !== org)
      throw new XinzhiError(
        'BAD_INPUT',
        `site '${s}' belongs to organisation '${orgOfSite(s)}', not '${org}' (register it: xinzhi sites set ${s} --org ${org})`,
        { field: `sites[${i}]` },
      );
  });
  if (asset !== null && orgOfSite(siteOf(asset)) !== org)
    throw new XinzhiError(
      'BAD_INPUT',
      `asset '${asset}' is on site '${siteOf(asset)}' of organisation '${orgOfSite(siteOf(asset))}', not '${org}'`,
      { field: 'asset' },
    );
  if (!isInstallationAdmin(creator)) {
    const mine = creator.scope.sites;
    if (mine !== null) {
      if (sites === null && asset === null)
        throw forbid('sites', `${creator.name} is limited to sites ${mine.join(', ')}; name some of them`);
      const outside = [...(sites ?? []), ...(asset === null ? [] : [siteOf(asset)])].find(
        (s) => !mine.includes(s),
      );
      if (outside !== undefined)
        throw forbid('sites', `site '${outside}' is outside the scope of ${creator.name}`);
    }
    if (creator.scope.asset !== null && (asset === null || !pathCovers(creator.scope.asset, asset)))
      throw forbid('asset', `${creator.name} is limited to asset ${creator.scope.asset}`);
  }
  return { org, sites, asset };
}

/** Whether `creator` may see and revoke `key`: one it could have created. */
export function mayManageKey(creator: Principal, key: ApiKeyRecord, orgOfSite: OrgOfSite): boolean {
  if (isInstallationAdmin(creator)) return true;
  try {
    grantKeyScope(creator, key, orgOfSite);
    return true;
  } catch {
    return false;
  }
}
