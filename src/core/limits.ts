/**
 * Limits on what one client can make the server do. Every input path (MQTT, HTTP, imports) checks
 * against these before doing work proportional to the input, so a single message, request or file
 * cannot exhaust memory, stack or the event loop. The defaults protect a small (2-core, few GB)
 * gateway box while leaving ordinary plant traffic far below them; `xinzhi serve` flags and
 * `StartServerOptions.limits` raise them.
 */
import { compact } from './compact.js';

export interface Limits {
  /** Deepest nesting of arrays/objects accepted in any JSON input. Default 32 (a reading needs 2). */
  readonly jsonDepth: number;
  /** Largest MQTT packet the embedded broker reads; bigger ones close the connection. Default 1 MiB. */
  readonly mqttPacketBytes: number;
  /** Largest MQTT payload parsed into readings (also from an external broker). Default 1 MiB. */
  readonly mqttPayloadBytes: number;
  /** Retained messages one MQTT client may keep on the embedded broker. Default 100. */
  readonly mqttRetainedPerClient: number;
  /** Retained messages kept on the embedded broker in all. Default 10,000. */
  readonly mqttRetainedTotal: number;
  /** HTTP request bodies by route, in bytes. */
  readonly bodyBytes: {
    /** `POST /points` batches. Default 32 MiB. */
    readonly points: number;
    /** `POST /events`. Default 64 KiB. */
    readonly events: number;
    /** `POST /imports` uploads (streamed to disk). Default 512 MiB. */
    readonly imports: number;
    /** `POST /images` camera frames (multipart). Default 20 MiB. */
    readonly images: number;
    /** Every other route. Default 1 MiB. */
    readonly other: number;
  };
  /** Columns of a CSV file or upload. Default 2,000. */
  readonly importColumns: number;
  /** Rows of an XLSX sheet read by an import (Excel's own maximum). Default 1,048,576. */
  readonly xlsxRows: number;
  /** Filled cells of an XLSX sheet read by an import. Default 20,000,000. */
  readonly xlsxCells: number;
  /**
   * Declared unpacked size of an XLSX file (all its zip entries), checked before anything is
   * inflated, so a zip bomb is refused up front. Default 1 GiB.
   */
  readonly xlsxUncompressedBytes: number;
  /** Series one file import may create. Default 10,000. */
  readonly newSeriesPerImport: number;
  /** Series one HTTP batch (or one MQTT message) may create. Default 1,000. */
  readonly newSeriesPerRequest: number;
  /** Readings handled between yields to the event loop, so `/health` and loops keep time. Default 5,000. */
  readonly sliceReadings: number;
}

export const DEFAULT_LIMITS: Limits = {
  jsonDepth: 32,
  mqttPacketBytes: 1024 * 1024,
  mqttPayloadBytes: 1024 * 1024,
  mqttRetainedPerClient: 100,
  mqttRetainedTotal: 10_000,
  bodyBytes: {
    points: 32 * 1024 * 1024,
    events: 64 * 1024,
    imports: 512 * 1024 * 1024,
    images: 20 * 1024 * 1024,
    other: 1024 * 1024,
  },
  importColumns: 2000,
  xlsxRows: 1_048_576,
  xlsxCells: 20_000_000,
  xlsxUncompressedBytes: 1024 * 1024 * 1024,
  newSeriesPerImport: 10_000,
  newSeriesPerRequest: 1000,
  sliceReadings: 5000,
};

/** Limits with overrides; `undefined` fields keep their defaults. */
export type LimitOverrides = Partial<Omit<Limits, 'bodyBytes'>> & {
  readonly bodyBytes?: Partial<Limits['bodyBytes']>;
};

export function resolveLimits(o: LimitOverrides = {}): Limits {
  return {
    ...DEFAULT_LIMITS,
    ...compact(o),
    bodyBytes: { ...DEFAULT_LIMITS.bodyBytes, ...compact(o.bodyBytes ?? {}) },
  };
}

/**
 * Where JSON text nests deeper than `max` (the character offset), or -1 when it does not. A plain
 * loop over the characters: it is run before `JSON.parse`/`JSON.stringify`, whose recursion (or
 * that of whatever walks the parsed value) is what a deeply nested document would exhaust.
 */
export function jsonDepthExceeded(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return i;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return -1;
}

/** Decodes UTF-8, or returns undefined when the bytes are not valid UTF-8 (no silent U+FFFD). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
