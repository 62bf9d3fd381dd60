/** What the `runs` subcommands share: how they print a time. */
export const when = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());
