/**
 * The agriculture service: the fields with settings, one field's day (water balance, irrigation
 * schedule, degree days and pest alarms, all from stored data), setting a field's parameters and
 * checking for pest alarms, for the HTTP API (`/api/v1/farm/...`) and other adapters. Which
 * fields a caller may see is the adapter's (its scope); the service answers for the fields asked.
 *
 * @example
 * const farm = createFarmService({ store, clock, solve: solveInWorker });
 * const day = await farm.field('farm1/field-a', { days: 7, method: 'lp' });
 */
import type { Asset, Clock, XEvent } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import type { SolveFn } from './solve-fn.js';
import { type FieldWaterReport, fieldWaterFromStore } from './store-fed/field-from-store.js';
import {
  type FieldParams,
  getFieldParams,
  listFieldParams,
  setFieldParams,
} from './store-fed/field-params.js';
import {
  type DegreeDayReport,
  degreeDaysFromStore,
  PEST_ALARM_KIND,
  raisePestAlarms,
} from './store-fed/pest-alarms.js';

export interface FarmServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** The LP solver of irrigation schedules (the worker thread on a server). */
  readonly solve: SolveFn;
}

export interface FarmFieldSummary {
  readonly id: string;
  readonly name: string;
  /** The crop's id, or `custom` for a crop given by its coefficients. */
  readonly crop: string;
  /** Assets under the field (zones, sensors). */
  readonly zones: string[];
}

export interface FarmFieldDay {
  readonly asset: Asset | undefined;
  readonly water: FieldWaterReport;
  readonly degreeDays: DegreeDayReport;
  /** The field's newest pest alarms (at most 50), newest first. */
  readonly alarms: XEvent[];
}

export interface FarmService {
  /** Fields with settings that `covers` accepts, by id. */
  fields(covers: (fieldId: string) => boolean): Promise<FarmFieldSummary[]>;
  field(fieldId: string, options: { days: number; method: 'lp' | 'greedy' }): Promise<FarmFieldDay>;
  /** The field's stored settings; NOT_FOUND naming the field when it has none. */
  params(fieldId: string): Promise<FieldParams>;
  setParams(fieldId: string, params: unknown): Promise<FieldParams>;
  /** The field's water balance replayed from the store and its irrigation schedule from now. */
  water(fieldId: string, options: { days: number; method: 'lp' | 'greedy' }): Promise<FieldWaterReport>;
  /** Raises the pest alarms due now; the events appended. */
  checkPests(fieldId: string): Promise<XEvent[]>;
  /** Degree days since the biofix and the pest alarms raised now (each threshold once). */
  pests(fieldId: string): Promise<{ report: DegreeDayReport; raised: XEvent[] }>;
}

/** A field's crop as shown: its id, or `custom` for one given by coefficients. */
export const cropName = (p: FieldParams): string => (typeof p.crop === 'string' ? p.crop : 'custom');

export function createFarmService(deps: FarmServiceDeps): FarmService {
  const { store, clock } = deps;
  const water = (fieldId: string, { days, method }: { days: number; method: 'lp' | 'greedy' }) =>
    fieldWaterFromStore(store, fieldId, {
      now: clock.now(),
      days,
      method,
      ...(method === 'lp' ? { solve: deps.solve } : {}),
    });
  return {
    async fields(covers) {
      const out: FarmFieldSummary[] = [];
      for (const f of await listFieldParams(store)) {
        if (!covers(f.fieldId)) continue;
        const sub = await store.listAssets({ rootId: f.fieldId });
        const self = sub.find((a) => a.id === f.fieldId);
        out.push({
          id: f.fieldId,
          name: self?.name ?? f.fieldId,
          crop: cropName(f.params),
          zones: sub.filter((a) => a.id !== f.fieldId).map((a) => a.id),
        });
      }
      return out;
    },
    async field(fieldId, { days, method }) {
      const now = clock.now();
      const report = await water(fieldId, { days, method });
      const degreeDays = await degreeDaysFromStore(store, fieldId, { now });
      const alarms = await store.listEvents({
        kind: PEST_ALARM_KIND,
        assetId: fieldId,
        order: 'desc',
        limit: 50,
      });
      const asset = await store.getAsset(fieldId);
      return { asset, water: report, degreeDays, alarms };
    },
    params: (fieldId) => getFieldParams(store, fieldId),
    setParams: (fieldId, params) => setFieldParams(store, fieldId, params),
    water,
    checkPests: (fieldId) => raisePestAlarms(store, fieldId, { now: clock.now() }),
    async pests(fieldId) {
      const now = clock.now();
      const report = await degreeDaysFromStore(store, fieldId, { now });
      const raised = await raisePestAlarms(store, fieldId, { now, report });
      return { report, raised };
    },
  };
}
