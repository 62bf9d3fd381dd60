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

// ── RUL on live data and training runs (GET /rul/status, /runs, /models) ─────────────────────
export interface RulPoint {
  readonly ts: number;
  /** null: no measurable degradation (unbounded). */
  readonly rulMs: number | null;
  readonly lowMs: number | null;
  readonly highMs: number | null;
  readonly healthIndex: number | null;
  readonly latestSafeStop: number | null;
  readonly alarm: boolean;
}

export interface RulAssetStatus {
  readonly assetId: string;
  readonly model: string;
  readonly state: 'waiting' | 'healthy' | 'degrading' | 'alarm' | 'error';
  readonly current: RulPoint | null;
  readonly alarmBelowMs: number;
  readonly error?: string;
  readonly history?: readonly RulPoint[];
}

export interface RunRecord {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly status: 'running' | 'finished' | 'failed';
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly config: Record<string, unknown>;
  readonly data: { readonly fingerprint: string; readonly source?: string; readonly rows?: number };
  readonly metrics?: Record<string, Array<[number, number]>>;
  readonly evaluation: Record<string, unknown>;
  readonly hasModel: boolean;
  readonly error?: string;
}

export interface RegisteredModel {
  readonly name: string;
  readonly production: number | null;
  readonly versions: ReadonlyArray<{
    readonly version: number;
    readonly runId: string;
    readonly createdAt: number;
    readonly evaluation: Record<string, unknown>;
    readonly note?: string;
  }>;
  readonly history: ReadonlyArray<{ readonly version: number; readonly at: number }>;
}
