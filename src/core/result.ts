/**
 * Expected failures of parsing and validation come back as a result listing every problem
 * (as zod's safeParse does); bugs and infrastructure failures throw.
 */
export interface Issue {
  /** Stable machine code, e.g. `INGEST_BAD_TIMESTAMP`. */
  readonly code: string;
  /** Human sentence naming what is wrong and how to fix it. */
  readonly message: string;
  /** Field, `file:line`, topic or JSON path where the problem is. */
  readonly where?: string;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly Issue[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(...issues: Issue[]): Result<T> => ({ ok: false, issues });
