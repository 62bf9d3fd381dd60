/** What the `keys` subcommands share: how a key's scope and times are printed. */
export const scopeText = (k: {
  org: string;
  sites: readonly string[] | null;
  asset: string | null;
}): string =>
  k.asset !== null
    ? `${k.org}: ${k.asset}`
    : k.sites === null
      ? `${k.org}: all sites`
      : `${k.org}: ${k.sites.join(', ')}`;

export const when = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString());
