/**
 * Crop, soil and sensor settings of a field asset, kept in the collection
 * `agriculture.fields` (key: the field's asset id) rather than in asset attributes, so that a device
 * re-announcing its asset metadata never overwrites what an agronomist set.
 */
import { z } from 'zod';
import { XinzhiError, zodIssuesError } from '../../../core/index.js';
import { DOC_NAMESPACES, defineCollection, type Store } from '../../../store/index.js';
import { CROPS, findCrop } from '../crop/crops.js';
import { findSoilTexture, SOIL_TEXTURES } from '../crop/soils.js';
import { findDegreeDayModel } from '../gdd/pest-models.js';
import { irrigationRequestSchema } from '../irrigation-request.js';

export const FIELD_PARAMS_NS = DOC_NAMESPACES.agricultureFields;

const fieldShape = irrigationRequestSchema.shape.fields.element.shape;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const fieldParamsSchema = z.object({
  crop: fieldShape.crop.refine((c) => typeof c !== 'string' || findCrop(c) !== undefined, {
    message: `unknown crop (known: ${CROPS.map((c) => c.id).join(', ')})`,
  }),
  soil: fieldShape.soil.refine((s) => typeof s !== 'string' || findSoilTexture(s) !== undefined, {
    message: `unknown soil texture (known: ${SOIL_TEXTURES.map((s) => s.id).join(', ')})`,
  }),
  plantingDate: isoDate,
  areaHa: fieldShape.areaHa,
  rootDepthM: fieldShape.rootDepthM,
  applicationEfficiency: fieldShape.applicationEfficiency,
  curveNumber: fieldShape.curveNumber,
  adjustP: fieldShape.adjustP,
  /** Weather station asset with `air_temp` (required), `humidity`, `wind_speed`, `solar_radiation`, `rain`. */
  station: z.string().min(1),
  latitude: z.number().finite().min(-90).max(90),
  elevation: z.number().finite().min(-500).max(9000),
  /** Local time zone offset from UTC in minutes (days run midnight to midnight local time); default 0. */
  utcOffsetMinutes: z.number().int().min(-840).max(840).optional(),
  /** Soil-moisture series (unit `%` or `m3/m3`); default every `soil_moisture` series under the field. */
  moistureSeries: z.array(z.string().min(1)).optional(),
  /** Days of stored weather the water balance replays before today; default 14. */
  historyDays: z.number().int().min(1).max(366).optional(),
  constraints: irrigationRequestSchema.shape.constraints,
  calendar: irrigationRequestSchema.shape.calendar,
  /** Start of the degree-day count (emergence, trap catch…). */
  biofix: isoDate.optional(),
  /** Degree-day models (ids from `DEGREE_DAY_MODELS`) to watch from the biofix. */
  pestModels: z
    .array(
      z
        .string()
        .refine((id) => findDegreeDayModel(id) !== undefined, { message: 'unknown degree-day model' }),
    )
    .optional(),
});

export type FieldParams = z.infer<typeof fieldParamsSchema>;

/** The settings of each field asset, by asset id. */
export const fieldParamsCollection = defineCollection(FIELD_PARAMS_NS, fieldParamsSchema);

/** The field's settings, or NOT_FOUND naming the field when none were set. */
export async function getFieldParams(store: Pick<Store, 'getDoc'>, fieldId: string): Promise<FieldParams> {
  const doc = await fieldParamsCollection.get(store, fieldId);
  if (doc === undefined)
    throw new XinzhiError('NOT_FOUND', `field '${fieldId}' has no crop/soil parameters (set them first)`, {
      field: 'field',
    });
  return doc;
}

/** Validates and stores a field's settings; the asset must exist. Every problem is named by its path. */
export async function setFieldParams(
  store: Pick<Store, 'getAsset' | 'putDoc'>,
  fieldId: string,
  params: unknown,
): Promise<FieldParams> {
  if (!(await store.getAsset(fieldId)))
    throw new XinzhiError('NOT_FOUND', `no asset '${fieldId}'`, { field: 'field' });
  const parsed = fieldParamsSchema.safeParse(params);
  if (!parsed.success) throw badParams(parsed.error);
  if (!(await store.getAsset(parsed.data.station)))
    throw new XinzhiError('BAD_INPUT', `no station asset '${parsed.data.station}'`, { field: 'station' });
  await fieldParamsCollection.put(store, fieldId, parsed.data);
  return parsed.data;
}

/** Fields with settings, by asset id. */
export async function listFieldParams(
  store: Pick<Store, 'listDocs'>,
): Promise<Array<{ fieldId: string; params: FieldParams }>> {
  // A field whose stored settings no longer parse is left out, as a field without settings is.
  const docs = await fieldParamsCollection.listValid(store, () => {});
  return docs.map((d) => ({ fieldId: d.key, params: d.doc }));
}

function badParams(error: z.ZodError): XinzhiError {
  return zodIssuesError(error, { fallback: '(root)' });
}
