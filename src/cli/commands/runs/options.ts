/** What the `runs` subcommands share: their options and how they print a time. */
export interface Opts {
  db?: string;
  json?: boolean;
  kind?: string;
  limit?: string;
}

export const when = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());
