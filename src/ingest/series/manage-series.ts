/**
 * Creating a series ahead of its data and changing the unit it is stored in. Units are checked and
 * converted with the same UCUM converter the ingest pipeline uses, so a unit the CLI accepts is one
 * a reading may arrive in; the store itself knows no units and only applies the affine map.
 */
import type { Series, SignalType } from '../../core/index.js';
import { XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { splitSeriesId } from '../pipeline/create-ingest-pipeline.js';
import { createUnitConverter, type UnitConverter } from '../units/index.js';

export interface NewSeries {
  /** `<asset>/<metric>`. */
  readonly id: string;
  /** A UCUM code or a known alias (°C, degF, psi…), stored as its UCUM code. */
  readonly unit: string;
  readonly description?: string;
  readonly minValue?: number | null;
  readonly maxValue?: number | null;
  readonly expectedIntervalMs?: number | null;
  readonly retentionDays?: number | null;
  readonly signal?: SignalType | null;
}

/**
 * Creates a series (and its asset) that does not exist yet: CONFLICT when it does, so a typo cannot
 * silently change settings of a series in use; INGEST_BAD_UNIT for a unit UCUM does not know.
 *
 * @example await createSeries(store, { id: 'plant1/oven/temp', unit: '°C' });
 */
export async function createSeries(
  store: Store,
  input: NewSeries,
  units: UnitConverter = createUnitConverter(),
): Promise<Series> {
  if (!input.id.includes('/'))
    throw new XinzhiError(
      'BAD_INPUT',
      `a series id is <asset>/<metric>, e.g. plant1/oven/temp; got "${input.id}"`,
      {
        field: 'id',
      },
    );
  if (await store.getSeries(input.id))
    throw new XinzhiError('CONFLICT', `series '${input.id}' already exists`, { field: 'id' });
  const unit = units.normalize(input.unit, '--unit');
  const { assetId, metric } = splitSeriesId(input.id);
  const { id: _, unit: __, ...settings } = input;
  return store.upsertSeries({ assetId, metric, unit, ...settings });
}

export interface UnitChange {
  readonly series: Series;
  readonly from: string;
  readonly points: number;
  readonly factor: number;
  readonly offset: number;
}

/**
 * Changes the unit a series is stored in, converting its stored points, rollups and range limits
 * (`v × factor + offset`, from UCUM) in one transaction. Units of another dimension (°C to kPa)
 * are refused with INGEST_BAD_UNIT naming both; a non-affine pair (log units) is refused too.
 *
 * @example await changeSeriesUnit(store, 'plant1/oven/temp', '[degF]'); // 21.5 Cel → 70.7 [degF]
 */
export async function changeSeriesUnit(
  store: Store,
  id: string,
  unit: string,
  units: UnitConverter = createUnitConverter(),
): Promise<UnitChange> {
  const current = await store.getSeries(id);
  if (!current) throw new XinzhiError('NOT_FOUND', `no series "${id}"`, { field: 'id' });
  const target = units.normalize(unit, '--unit');
  let conv: ReturnType<UnitConverter['conversion']>;
  try {
    conv = units.conversion(current.unit, target, id);
  } catch (e) {
    if (e instanceof XinzhiError && e.code === 'INGEST_BAD_UNIT')
      throw new XinzhiError(
        'INGEST_BAD_UNIT',
        `cannot store ${id} in "${unit}": it is in "${current.unit}", and the two measure different quantities; nothing was changed`,
        { field: '--unit', context: { from: current.unit, to: target }, cause: e },
      );
    throw e;
  }
  if (conv.affine === undefined)
    throw new XinzhiError(
      'INGEST_BAD_UNIT',
      `"${current.unit}" to "${target}" is not a linear conversion (a logarithmic unit?); stored values cannot be converted`,
      { field: '--unit' },
    );
  // UCUM converts through base units in floating point (°C→°F gives 1.7999999999999545): the map
  // is cleaned to 12 significant digits, far beyond any sensor, so stored values come out exact.
  const factor = Number(conv.affine.factor.toPrecision(12));
  const offset =
    Math.abs(conv.affine.offset) < 1e-9 * Math.max(1, factor)
      ? 0
      : Number(conv.affine.offset.toPrecision(12));
  const r = await store.convertSeriesUnit(id, target, { factor, offset });
  return { series: r.series, from: current.unit, points: r.points, factor, offset };
}
