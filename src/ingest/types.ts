import type { Issue } from '../core/index.js';
import type { QuarantineInput } from '../store/index.js';

/**
 * One reading as it arrives from any connector, before validation. Connectors (CSV, JSON, HTTP,
 * MQTT) only turn their input into these; the cleaning pipeline does everything else.
 */
export interface RawReading {
  /** Series id (`<asset id>/<metric>`); connectors that know asset and metric separately join them. */
  readonly seriesId: string;
  /** ISO 8601 string, epoch seconds/ms/µs number or string, as received. */
  readonly ts: unknown;
  readonly value: unknown;
  /** UCUM code the value is expressed in; omitted means the series' own unit. */
  readonly unit?: string | undefined;
  /** Where it came from, for error messages and quarantine: `plant.csv:17`, an MQTT topic, `body[3]`. */
  readonly location: string;
  /** Verbatim input (the CSV line, the JSON object, the MQTT payload) kept for quarantine and resubmission. */
  readonly raw: string;
  /** Quality flags the source reported (`QUALITY.UNCERTAIN` from an OPC UA status); others are ignored. */
  readonly quality?: number | undefined;
}

/** What the pipeline reports for a batch; counts add up: accepted + quarantined + duplicates = readings. */
export interface IngestBatchResult {
  readonly accepted: number;
  readonly quarantined: number;
  readonly duplicates: number;
  /** Accepted points flagged as outliers (stored, flagged). */
  readonly outliers: number;
  /** Series touched by accepted points. */
  readonly series: readonly string[];
  /** Per quarantined reading: where and why. */
  readonly rejections: ReadonlyArray<{ readonly location: string; readonly issues: readonly Issue[] }>;
}

export interface IngestContext {
  /** `csv`, `json`, `ndjson`, `http`, `mqtt`. */
  readonly source: string;
  readonly importId: number | null;
  /** Create series that do not exist yet, in the unit of their first reading (default true). */
  readonly autoCreateSeries?: boolean;
  /** Abort (throw INGEST_STRICT_ABORT, nothing written from this batch) on the first rejected reading. */
  readonly strict?: boolean;
  /** IANA zone for ISO times without an offset (e.g. `Asia/Shanghai`); default UTC. */
  readonly timeZone?: string | undefined;
  /**
   * Rows rejected before the pipeline (unreadable MQTT messages), committed in the same transaction
   * as the batch. They are not counted in the batch result, which accounts for `readings` only.
   */
  readonly quarantine?: readonly QuarantineInput[] | undefined;
  /**
   * How many series this batch (or the import or request it belongs to) may still create; readings
   * that would create more are quarantined naming the limit. Omitted: no limit.
   */
  readonly newSeries?: NewSeriesBudget | undefined;
  /**
   * Rows already open in quarantine (a forced re-import of the same file): a rejected reading
   * whose `location` and verbatim `raw` are in it is counted as quarantined but not stored again.
   * Keys are `location + "\u0000" + raw` (see `quarantineKey`).
   */
  readonly knownRejects?: ReadonlySet<string> | undefined;
  /**
   * A forced re-import of bytes imported before: points equal to stored ones are reported as
   * duplicates but not added to the series' duplicate counters (the sensor did not repeat itself;
   * the user imported the file again), so series scores stay where they were.
   */
  readonly reimport?: boolean | undefined;
}

/** The key of a quarantine row in `IngestContext.knownRejects`. */
export function quarantineKey(location: string, raw: string): string {
  return `${location}\u0000${raw}`;
}

/** A budget of series creations shared by the batches of one import or request. */
export interface NewSeriesBudget {
  /** Creations left; the pipeline lowers it as it creates series. */
  left: number;
  /** The limit, and the setting that raises it, for the message: `newSeriesPerImport (--max-new-series)`. */
  readonly limit: number;
  readonly setting: string;
}

/**
 * The cleaning pipeline: validate, convert units, normalise time, de-duplicate, check ranges,
 * flag stuck sensors, gaps and outliers, write accepted points durably and quarantine the rest.
 * `ingest` resolves only after the accepted points are committed, which lets MQTT acknowledge
 * QoS 1 messages after durable storage.
 */
export interface IngestPipeline {
  ingest(readings: readonly RawReading[], ctx: IngestContext): Promise<IngestBatchResult>;
}
