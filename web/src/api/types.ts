/** Shapes of the API responses the dashboard reads (see docs/api.md and /api/openapi.json). */

export interface Asset {
  readonly id: string;
  readonly parentId: string | null;
  readonly kind: string;
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly children: readonly Asset[];
}

export interface Series {
  readonly id: string;
  readonly assetId: string;
  readonly metric: string;
  readonly unit: string;
  readonly description: string;
  readonly minValue: number | null;
  readonly maxValue: number | null;
  readonly expectedIntervalMs: number | null;
}

export interface Point {
  readonly ts: number;
  readonly value: number;
  readonly quality: number;
}

export interface Bucket {
  readonly ts: number;
  readonly min: number;
  readonly max: number;
  readonly avg: number;
  readonly count: number;
  readonly last: number;
}

export interface Latest extends Point {
  readonly series: string;
}

export type Severity = 'info' | 'warning' | 'minor' | 'major' | 'critical';

export interface XEvent {
  readonly id: number;
  readonly ts: number;
  readonly kind: string;
  readonly severity: Severity;
  readonly assetId: string | null;
  readonly seriesId: string | null;
  readonly message: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface SeriesQuality {
  readonly series: string;
  readonly unit: string;
  readonly points: number;
  readonly first: number | null;
  readonly last: number | null;
  readonly intervalMs: number | null;
  readonly intervalSource: 'configured' | 'learned' | 'unknown';
  readonly completeness: number;
  readonly validity: number;
  readonly accepted: number;
  readonly quarantined: number;
  readonly duplicates: number;
  readonly outliers: number;
  readonly gaps: { readonly count: number; readonly totalMs: number };
  readonly stuck: { readonly runs: number; readonly points: number };
  readonly ageMs: number | null;
  readonly freshness: number;
  /** 0–100. */
  readonly score: number;
}

export interface QuarantineRow {
  readonly id: number;
  readonly importId: number | null;
  readonly source: string;
  readonly location: string;
  readonly raw: string;
  readonly reasons: ReadonlyArray<{ code: string; message: string; where?: string }>;
  readonly seriesId: string | null;
  readonly ts: number;
  readonly status: 'open' | 'resubmitted' | 'discarded';
}

export interface ImportRecord {
  readonly id: number;
  readonly source: string;
  readonly format: string;
  readonly startedAt: number;
  readonly finishedAt?: number;
  readonly rows?: number;
  readonly accepted?: number;
  readonly quarantined?: number;
  readonly status: 'running' | 'done' | 'failed' | 'aborted';
  readonly error?: string;
  readonly progress?: { bytes: number; rows: number; accepted: number; quarantined: number };
}

export interface ImportResult {
  readonly import_id: number;
  readonly file: string;
  readonly rows: number;
  readonly accepted: number;
  readonly quarantined: number;
  readonly duplicates: number;
  readonly outliers: number;
  readonly series: readonly string[];
  readonly quarantine: ReadonlyArray<{
    location: string;
    reasons: ReadonlyArray<{ code: string; message: string; where?: string }>;
  }>;
  readonly quarantine_truncated: boolean;
  readonly duration_ms: number;
}

export interface Health {
  readonly status: 'ok';
  readonly version: string;
  readonly series: number;
  readonly auth: 'keys' | 'first-run' | 'none';
}

/** OEE factors as the /oee route returns them; null means "no data" (a zero denominator). */
export interface OeeFigures {
  readonly availability: number | null;
  readonly effectiveness: number | null;
  readonly quality: number | null;
  readonly oee: number | null;
  readonly pq: number;
  readonly gq: number;
  readonly apt: number;
  readonly pbt: number;
}

export interface OeeReport {
  readonly from: number;
  readonly to: number;
  readonly lines: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly group: OeeFigures | null;
    readonly machines: ReadonlyArray<{ readonly id: string; readonly name: string } & OeeFigures>;
  }>;
}

export interface Overview {
  readonly now: number;
  readonly sites: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly kind: string;
    readonly assets: number;
    readonly series: number;
    readonly lines: ReadonlyArray<{
      readonly id: string;
      readonly name: string;
      readonly kind: string;
      readonly machines: number;
    }>;
    readonly freshness: Freshness;
  }>;
  readonly freshness: Freshness;
  readonly quarantineOpen: number;
  readonly alerts: readonly XEvent[];
}

export interface Freshness {
  readonly series: number;
  /** Series whose latest point is under a minute old, under 15 minutes, older, or with no point. */
  readonly fresh: number;
  readonly recent: number;
  readonly stale: number;
  readonly empty: number;
  readonly latestTs: number | null;
}

// ── farm (GET /farm/fields, GET /farm/field) ─────────────────────────────────────────────────
export interface FarmFieldSummary {
  readonly id: string;
  readonly name: string;
  readonly crop: string;
  readonly zones: readonly string[];
}

export interface FarmWaterDay {
  readonly date: string;
  readonly et0: number;
  readonly etcAdj: number;
  readonly rain: number;
  readonly irrigationGross: number;
  readonly dr: number;
  readonly raw: number;
  readonly taw: number;
  readonly ks: number;
  readonly theta?: number;
  readonly estimated?: readonly string[];
  readonly corrected?: boolean;
}

export interface FarmField {
  readonly field: string;
  readonly name: string;
  readonly today: string;
  readonly crop: string;
  readonly forecast: {
    readonly method: 'persistence';
    readonly et0: number;
    readonly basis: readonly string[];
  };
  readonly missingDays: readonly string[];
  readonly history: readonly FarmWaterDay[];
  readonly plan: readonly FarmWaterDay[];
  readonly schedule: {
    readonly method: 'lp' | 'greedy';
    readonly fallback?: string;
    readonly events: ReadonlyArray<{
      readonly date: string;
      readonly netMm: number;
      readonly grossMm: number;
      readonly volumeM3: number;
      readonly reason: string;
      readonly limitedBy?: string;
    }>;
    readonly volumeM3: number;
    readonly stressDays: number;
    readonly calendar?: { readonly volumeM3: number; readonly stressDays: number };
  };
  readonly degreeDays: {
    readonly biofix: string;
    readonly missingDays: readonly string[];
    readonly models: ReadonlyArray<{
      readonly id: string;
      readonly name: string;
      readonly kind: string;
      readonly lowerC: number;
      readonly thresholds: ReadonlyArray<{
        readonly stage: string;
        readonly degreeDays: number;
        readonly severity: string;
      }>;
      readonly rows: ReadonlyArray<{
        readonly date: string;
        readonly cumulative: number;
        readonly forecast: boolean;
      }>;
      readonly cumulative: number;
      readonly next?: { readonly stage: string; readonly remaining: number; readonly predictedDate?: string };
    }>;
  };
  readonly alarms: ReadonlyArray<{
    readonly id: number;
    readonly ts: number;
    readonly severity: string | null;
    readonly message: string;
  }>;
}
