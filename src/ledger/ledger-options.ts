/** Options of the ledger engine, with their defaults in one place. */
export interface LedgerOptions {
  /**
   * Checkpoint origin and log key name (C2SP: a schema-less URL naming the log).
   * Default `xinzhi.local/ledger`. Fixed when the log is first created.
   */
  readonly origin?: string;
  /** Full 256-hash tiles kept in memory for proofs. Default 4096 (≈ 32 MiB). */
  readonly tileCacheSize?: number;
  /** Entries per store transaction when appending many events. Default 5000. */
  readonly batchSize?: number;
}

export const LEDGER_DEFAULTS: Required<LedgerOptions> = {
  origin: 'xinzhi.local/ledger',
  tileCacheSize: 4096,
  batchSize: 5000,
};
