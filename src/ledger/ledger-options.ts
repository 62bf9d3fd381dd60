/** Options of the ledger engine, with their defaults in one place. */
export interface LedgerOptions {
  /**
   * Checkpoint origin and log key name (C2SP: a schema-less URL naming the log).
   * Default `xinzhi.local/ledger`. Fixed when the log is first created.
   */
  readonly origin?: string;
  /** 16-hash tiles (with their internal levels) kept in memory for proofs. Default 65 536 (≈ 90 MiB at most). */
  readonly tileCacheSize?: number;
  /**
   * The log's signer key `PRIVATE+KEY+<origin>+<id>+<base64>`, when it is kept outside the database
   * (then only its public half is stored). Default: a key generated on first open and stored.
   */
  readonly logKey?: string;
  /**
   * Worker threads that sign large appends (≥ 256 events) while the main thread hashes the next
   * events. Default 0 (sign on the calling thread): on the shared 2-core bench machine one worker
   * measured no gain (bench/ledger.bench.ts reports both); try 1 on an idle multi-core host.
   */
  readonly signingWorkers?: number;
  /** Entries per store transaction when appending many events. Default 5000. */
  readonly batchSize?: number;
}

export const LEDGER_DEFAULTS: Required<Omit<LedgerOptions, 'logKey'>> = {
  origin: 'xinzhi.local/ledger',
  tileCacheSize: 65_536,
  batchSize: 5000,
  signingWorkers: 0,
};
