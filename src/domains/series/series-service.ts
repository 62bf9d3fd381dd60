/**
 * Creating a series and changing its settings, shared by `POST`/`PATCH /api/v1/series…` and
 * `xinzhi series create|set`, so both accept and refuse the same changes. Units are checked and
 * converted by the ingest engine (`createSeries`, `changeSeriesUnit`); this adds the rules that
 * span several settings (a range whose minimum is not above its maximum, the unit before the
 * limits given with it).
 */
import { compact, type Series, type SignalType, XinzhiError } from '../../core/index.js';
import { changeSeriesUnit, createSeries as createIngestSeries, type NewSeries } from '../../ingest/index.js';
import type { SeriesInput, Store } from '../../store/index.js';

/** Settings to change: a field left out (or undefined) keeps its value, `null` clears it. */
export interface SeriesSettings {
  readonly description?: string | undefined;
  readonly minValue?: number | null | undefined;
  readonly maxValue?: number | null | undefined;
  readonly retentionDays?: number | null | undefined;
  readonly expectedIntervalMs?: number | null | undefined;
  readonly signal?: SignalType | null | undefined;
}

/** A change of settings, optionally with the unit the series is stored in (its points converted). */
export interface SeriesChange extends SeriesSettings {
  /** A UCUM code or alias; limits given in the same change are in this unit. */
  readonly unit?: string | undefined;
}

/** How the stored values were converted by a unit change: `v × factor + offset`. */
export interface UnitConversion {
  readonly from: string;
  readonly to: string;
  readonly points: number;
  readonly factor: number;
  readonly offset: number;
}

export interface ChangedSeries {
  readonly series: Series;
  readonly conversion?: UnitConversion;
}

/** The series, or NOT_FOUND naming it. */
export async function requireSeries(store: Pick<Store, 'getSeries'>, id: string): Promise<Series> {
  const s = await store.getSeries(id);
  if (!s) throw new XinzhiError('NOT_FOUND', `no series '${id}'`, { field: 'id' });
  return s;
}

function assertRange(min: number | null | undefined, max: number | null | undefined): void {
  if (min != null && max != null && min > max)
    throw new XinzhiError('BAD_INPUT', `minValue ${min} is above maxValue ${max}`, { field: 'minValue' });
}

/** A new series and its asset: CONFLICT when the id exists, BAD_INPUT for a range upside down. */
export async function createSeries(
  store: Store,
  input: Pick<NewSeries, 'id' | 'unit'> & SeriesSettings,
): Promise<Series> {
  const { id, unit, ...settings } = input;
  assertRange(settings.minValue, settings.maxValue);
  return createIngestSeries(store, { id, unit, ...compact(settings) });
}

/**
 * Changes the settings of a series, and its unit first when one is given (converting stored
 * points, rollups and limits). Every check runs before anything is written: the range is the one
 * the series would have (given limits, else the stored ones); with a unit change the stored
 * limits are converted along with the points, so only limits given together are compared.
 */
export async function changeSeries(store: Store, id: string, change: SeriesChange): Promise<ChangedSeries> {
  const { unit, ...settings } = compact(change);
  if (unit !== undefined && unit.trim() === '')
    throw new XinzhiError('BAD_INPUT', 'the unit must not be empty', { field: 'unit' });
  const current = await requireSeries(store, id);
  if (unit === undefined)
    assertRange(
      settings.minValue === undefined ? current.minValue : settings.minValue,
      settings.maxValue === undefined ? current.maxValue : settings.maxValue,
    );
  else assertRange(settings.minValue, settings.maxValue);
  const u = unit === undefined ? undefined : await changeSeriesUnit(store, id, unit);
  const base = u?.series ?? current;
  const input: SeriesInput = { assetId: base.assetId, metric: base.metric, unit: base.unit, ...settings };
  const series = await store.upsertSeries(input);
  if (u === undefined) return { series };
  const conversion = {
    from: u.from,
    to: u.series.unit,
    points: u.points,
    factor: u.factor,
    offset: u.offset,
  };
  return { series, conversion };
}
