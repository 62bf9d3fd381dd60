import { describe, expect, it } from 'vitest';
import {
  can,
  DEFAULT_ORG,
  inOrg,
  inScope,
  PERMISSIONS,
  pathCovers,
  principalOf,
  ROLE_PERMISSIONS,
  type ROLES,
  SYSTEM_PRINCIPAL,
  siteOf,
} from './access.js';

const orgs: Record<string, string> = { plant1: 'acme', plant2: 'acme', farm: 'green' };
const orgOfSite = (s: string) => orgs[s] ?? DEFAULT_ORG;

describe('access model', () => {
  it('roles are nested bundles: viewer ⊂ operator ⊂ engineer ⊂ admin; a device only writes data', () => {
    const set = (r: (typeof ROLES)[number]) => new Set(ROLE_PERMISSIONS[r]);
    for (const p of set('viewer')) expect(set('operator').has(p)).toBe(true);
    for (const p of set('operator')) expect(set('engineer').has(p)).toBe(true);
    expect([...set('admin')].sort()).toEqual([...PERMISSIONS].sort());
    expect([...set('device')]).toEqual(['data:write']);
    expect(can(principalOf('key', 1, 'k', 'operator'), 'loops:operate')).toBe(true);
    expect(can(principalOf('key', 1, 'k', 'operator'), 'loops:configure')).toBe(false);
    expect(can(principalOf('key', 1, 'k', 'viewer'), 'data:write')).toBe(false);
  });

  it('scopes by organisation, then sites, then a device asset, segment by segment', () => {
    const acme = principalOf('key', 1, 'a', 'operator', { org: 'acme' });
    expect(inScope(acme, 'plant1/press/m1/temp', orgOfSite)).toBe(true);
    expect(inScope(acme, 'farm/f1/soil', orgOfSite)).toBe(false);
    expect(inScope(acme, 'unassigned/x', orgOfSite)).toBe(false);
    const p2 = principalOf('key', 2, 'b', 'viewer', { org: 'acme', sites: ['plant2'] });
    expect(inScope(p2, 'plant2/a', orgOfSite)).toBe(true);
    expect(inScope(p2, 'plant1/a', orgOfSite)).toBe(false);
    const dev = principalOf('key', 3, 'gw', 'device', { org: 'acme', asset: 'plant1/press/line1' });
    expect(inScope(dev, 'plant1/press/line1/m3/temp', orgOfSite)).toBe(true);
    expect(inScope(dev, 'plant1/press/line1', orgOfSite)).toBe(true);
    expect(inScope(dev, 'plant1/press/line10/m3/temp', orgOfSite)).toBe(false);
    expect(inScope(dev, 'plant1/press/line2/m1/temp', orgOfSite)).toBe(false);
    expect(inScope(SYSTEM_PRINCIPAL, 'farm/x', orgOfSite)).toBe(true);
    expect(inOrg(acme, 'acme')).toBe(true);
    expect(inOrg(acme, 'green')).toBe(false);
  });

  it('reads sites and path prefixes by whole segments', () => {
    expect(siteOf('plant1/press')).toBe('plant1');
    expect(siteOf('plant1')).toBe('plant1');
    expect(pathCovers('a/b', 'a/b/c')).toBe(true);
    expect(pathCovers('a/b', 'a/bc')).toBe(false);
  });
});
