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
  /** Bucket start as ISO 8601 with the offset of the zone, when a zone was asked for. */
  readonly time?: string;
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

// ── planning and staffing (src/server/routes/planning.ts, staffing.ts) ─────────────────────────

export interface PlanCosts {
  readonly production: number;
  readonly overtime: number;
  readonly setup: number;
  readonly holding: number;
  readonly backlog: number;
  readonly total: number;
}

export interface PlanLinePeriod {
  readonly line: string;
  readonly period: string;
  readonly regularHours: number;
  readonly usedHours: number;
  readonly overtimeHours: number;
  readonly utilisation: number | null;
  readonly binding: boolean;
  readonly shadowPrice: number | null;
  readonly production: ReadonlyArray<{
    readonly product: string;
    readonly quantity: number;
    readonly hours: number;
  }>;
}

export interface PlanProductPeriod {
  readonly product: string;
  readonly period: string;
  readonly demand: number;
  readonly produced: number;
  readonly consumed: number;
  readonly inventory: number;
  readonly backlog: number;
  readonly marginalCost: number | null;
}

export interface PlanResult {
  readonly name: string;
  readonly status: string;
  readonly message: string;
  readonly currency: string;
  readonly costs: PlanCosts | null;
  readonly periods: readonly string[];
  readonly lines: readonly PlanLinePeriod[];
  readonly products: readonly PlanProductPeriod[];
  readonly sensitivity: readonly string[];
  readonly conflict: readonly string[];
  readonly model: {
    readonly variables: number;
    readonly integers: number;
    readonly constraints: number;
    readonly isMip: boolean;
  };
  readonly mipGap: number | null;
  readonly solveSeconds: number;
}

export interface PlanComparison {
  readonly base: string;
  readonly costDelta: Readonly<Record<string, number>>;
  readonly utilisation: ReadonlyArray<{
    readonly line: string;
    readonly period: string;
    readonly base: number | null;
    readonly alternative: number | null;
  }>;
  readonly summary: string;
}

export interface StoredPlan {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly parent: string | null;
  readonly input: {
    readonly periods: readonly string[];
    readonly lines: ReadonlyArray<{ readonly id: string; readonly name?: string }>;
    readonly products: ReadonlyArray<{ readonly id: string }>;
  };
  readonly result: PlanResult;
  readonly comparison: PlanComparison | null;
}

export interface PlanSummary {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly parent: string | null;
  readonly status: string;
  readonly totalCost: number | null;
  readonly currency: string;
}

export interface StaffingShift {
  readonly label: string;
  readonly start: number | null;
  readonly arrivalsPerHour: number;
  readonly load: number;
  readonly servers: number;
  readonly scheduled: number;
  readonly serviceLevel: number | null;
  readonly probabilityOfWaiting: number;
  readonly asaMinutes: number;
  readonly occupancy: number;
}

export interface StaffingResult {
  readonly shifts: readonly StaffingShift[];
  readonly forecast: { readonly series: string; readonly history: number; readonly model: string } | null;
  readonly summary: string;
}

// ── ledger (GET /api/v1/ledger/*) ─────────────────────────────────────────────────────────────
export interface LedgerEntry {
  readonly index: number;
  readonly leaf_hash: string;
  readonly event_id: string;
  readonly event_type: string;
  readonly event_time: string;
  readonly org: string;
  readonly key_id: string;
  readonly recorded_at: string;
  readonly correction: boolean;
  readonly event: Readonly<Record<string, unknown>>;
}

export interface LedgerEntries {
  readonly origin: string;
  readonly size: number;
  readonly entries: readonly LedgerEntry[];
}

export interface LedgerCheckpoint {
  readonly id: number;
  readonly size: number;
  readonly root: string;
  readonly note: string;
  readonly created_at: string;
  readonly signers: readonly { name: string; key_id: string; timestamp: number | null }[];
}

export interface LedgerCheckpoints {
  readonly origin: string;
  readonly size: number;
  readonly public_key: string;
  readonly checkpoints: readonly LedgerCheckpoint[];
}

export interface LedgerProofBundle {
  readonly index: number;
  readonly tree_size: number;
  readonly leaf_hash: string;
  readonly proof: readonly string[];
  readonly checkpoint: string;
  readonly public_key: string;
  readonly entry?: string;
}

// --- anomalies, alarms, forecasts (issue 5) ---

export type AlarmState = 'normal' | 'unacknowledged' | 'acknowledged' | 'returned-unacknowledged';

export interface Alarm {
  readonly key: string;
  readonly source: string;
  readonly condition: string;
  readonly severity: Severity;
  readonly state: AlarmState;
  readonly message: string;
  readonly value: number | null;
  readonly raisedAt: number;
  readonly lastChangeAt: number;
  readonly repeats: number;
  readonly ackedAt: number | null;
  readonly ackedBy: string | null;
  readonly clearedAt: number | null;
  readonly shelvedUntil: number | null;
  readonly shelvedBy: string | null;
  readonly suppressed: boolean;
}

export interface AnomalyScores {
  readonly seriesId: string;
  readonly threshold: number;
  readonly points: ReadonlyArray<{ ts: number; value: number; score: number; alert: boolean }>;
}

export interface ForecastResponse {
  readonly seriesId: string;
  readonly model: string;
  readonly periods: readonly number[];
  readonly level: number;
  readonly stepMs: number;
  readonly lastTs: number;
  readonly points: ReadonlyArray<{ ts: number; point: number; lower: number; upper: number }>;
}

// ── logistics (fleet and slotting) ──────────────────────────────────────────────────────────────
export interface DeliveryStop {
  readonly orderId: string;
  readonly arrival: number;
  readonly start: number;
  readonly departure: number;
  readonly loadAfter: number;
}

export interface DeliveryRoute {
  readonly vanId: string;
  readonly stops: readonly DeliveryStop[];
  readonly departure: number;
  readonly returnAt: number;
  readonly load: number;
  readonly distanceKm: number;
  readonly cost: number;
}

export interface StoredDeliveryPlan {
  readonly id: string;
  readonly createdAt: number;
  readonly revision: number;
  readonly source: 'api' | 'demo';
  readonly problem: {
    readonly depot: { readonly lat: number; readonly lon: number };
    readonly orders: ReadonlyArray<{
      readonly id: string;
      readonly lat: number;
      readonly lon: number;
      readonly demand: number;
    }>;
    readonly vans: ReadonlyArray<{ readonly id: string; readonly capacity: number }>;
  };
  readonly plan: {
    readonly routes: readonly DeliveryRoute[];
    readonly distanceKm: number;
    readonly feasible: boolean;
    readonly violations: readonly string[];
  };
}

export interface PlanSummary {
  readonly id: string;
  readonly createdAt: number;
  readonly revision: number;
  readonly source: 'api' | 'demo';
  readonly orders: number;
  readonly vans: number;
  readonly distanceKm: number;
  readonly feasible: boolean;
}

export interface SlottingResponse {
  readonly skus: ReadonlyArray<{
    readonly id: string;
    readonly picks: number;
    readonly currentLocation?: string;
  }>;
  readonly locations: ReadonlyArray<{ readonly id: string; readonly distance: number }>;
  readonly assignments: ReadonlyArray<{
    readonly sku: string;
    readonly location: string;
    readonly travel: number;
  }>;
  readonly travel: number;
  readonly currentTravel?: number;
  readonly saving?: number;
  readonly savingPct?: number;
  readonly method: 'sort' | 'hungarian';
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
  /** Latest update in alarm among those kept (a past episode), or null. */
  readonly lastAlarmAt?: number | null;
  readonly error?: string;
  readonly history?: readonly RulPoint[];
}

/** A job of the shared queue (GET /api/v1/jobs). */
export interface JobSummary {
  id: string;
  kind: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: number;
  message: string | null;
  attempts: number;
  maxAttempts: number;
  error: { message: string; code?: string; field?: string } | null;
  submittedBy: { kind: string; id: number | null; name: string };
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  worker: string | null;
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

// ---- control (loops, tuning assistant) ----
export interface LoopTuningView {
  readonly kc: number;
  /** null: no integral action. */
  readonly ti: number | null;
  readonly td: number;
  readonly b: number;
  readonly c: number;
  readonly n: number | null;
}

export interface LoopView {
  readonly id: string;
  readonly config: {
    readonly id: string;
    readonly description: string;
    readonly pvSeries: string | null;
    readonly opTopic: string | null;
    readonly opUnit: string;
    readonly plant: { readonly kind: string } | null;
    readonly sampleTimeMs: number;
    readonly setpoint: number;
    readonly mode: 'auto' | 'manual';
    readonly tuning: LoopTuningView;
    readonly limits: { readonly outMin: number; readonly outMax: number; readonly rateLimit: number | null };
    readonly action: 'reverse' | 'direct';
  };
  readonly status: 'ok' | 'pv-stale' | 'op-failed' | 'stopped';
  readonly pv: { readonly ts: number; readonly value: number } | null;
  readonly sp: number;
  readonly op: number;
  readonly mode: 'auto' | 'manual';
  readonly saturated: 'high' | 'low' | null;
}

export interface LoopSampleView {
  readonly ts: number;
  readonly sp: number;
  readonly pv: number | null;
  readonly op: number;
  readonly mode: 'auto' | 'manual';
}

export interface LoopAuditEntry {
  readonly ts: number;
  readonly who: string;
  readonly what: string;
  readonly old: unknown;
  readonly new: unknown;
  readonly reason?: string;
}

export interface SetpointMetricsView {
  readonly iae: number;
  readonly ise: number;
  readonly itae: number;
  readonly overshoot: number;
  readonly riseTime: number | null;
  readonly settlingTime: number | null;
}

export interface AssistantCurve {
  readonly t: number[];
  readonly pv: number[];
  readonly op: number[];
  readonly sp: number[];
}

export interface AssistantResultView {
  readonly test: 'step' | 'relay';
  readonly op0: number;
  readonly pv0: number;
  readonly record: { readonly t: number[]; readonly op: number[]; readonly pv: number[] };
  readonly model: {
    readonly gain: number;
    readonly tau: number;
    readonly deadTime: number;
    readonly fitRmse: number;
  } | null;
  readonly ultimate: { readonly ku: number; readonly pu: number; readonly amplitude: number } | null;
  readonly proposed: {
    readonly rule: string;
    readonly type: string;
    readonly kc: number;
    readonly ti: number | null;
    readonly td: number;
  };
  readonly comparison: {
    readonly setpointStep: number;
    readonly duration: number;
    readonly current: {
      readonly tuning: { kc: number; ti: number | null; td: number };
      readonly metrics: SetpointMetricsView | null;
      readonly curve: AssistantCurve;
    };
    readonly proposed: {
      readonly tuning: { kc: number; ti: number | null; td: number };
      readonly metrics: SetpointMetricsView | null;
      readonly curve: AssistantCurve;
    };
  };
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

/** `GET /alarms/kpis`: alarm-system KPIs after EEMUA 191 / ISA-18.2 (alarm-kpis.ts). */
export interface AlarmKpis {
  readonly from: number;
  readonly to: number;
  readonly consoles: number;
  readonly annunciated: number;
  readonly silenced: number;
  readonly perHour: number;
  readonly per10Min: number;
  readonly peak10Min: { readonly count: number; readonly at: number | null };
  readonly floods: { readonly intervals: number; readonly share: number };
  readonly topBadActors: ReadonlyArray<{
    readonly key: string;
    readonly source: string;
    readonly condition: string;
    readonly count: number;
    readonly share: number;
  }>;
  readonly top10Share: number;
  readonly chattering: ReadonlyArray<{
    readonly key: string;
    readonly maxPerMinute: number;
    readonly count: number;
  }>;
  readonly standing: ReadonlyArray<{
    readonly key: string;
    readonly source: string;
    readonly since: number;
    readonly activeMs: number;
    readonly stale: boolean;
  }>;
  readonly shelved: ReadonlyArray<{
    readonly key: string;
    readonly until: number | null;
    readonly by: string | null;
  }>;
  readonly meets: { readonly perHour: boolean; readonly peak10Min: boolean; readonly noChattering: boolean };
  readonly targets: {
    readonly perHour: number;
    readonly per10Min: number;
    readonly chatterPerMinute: number;
  };
}
