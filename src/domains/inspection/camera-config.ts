import { z } from 'zod';
import { issuesError, issuesFromZod, XinzhiError } from '../../core/index.js';
import { DOC_NAMESPACES, defineCollection, type Store } from '../../store/index.js';
import { checkAssetPath } from './image-files.js';

/**
 * Which model classifies a camera's images and which classes are defects: one document per asset
 * in the collection `inspection.cameras`. A class listed in `defects` with a probability at or over
 * its threshold raises the alarm `defect.<class>` on the asset; the next image without it clears.
 */
export const CAMERAS_NS = DOC_NAMESPACES.inspectionCameras;

export const CameraConfigSchema = z
  .object({
    asset: z.string().min(1).max(512),
    /** A registered model name; its production version is used (so promote/rollback apply). */
    model: z.string().min(1).max(128),
    defects: z.record(z.string().min(1).max(200), z.number().min(0).max(1)),
    severity: z.enum(['info', 'warning', 'minor', 'major', 'critical']).default('major'),
    /** Images kept per camera (older ones are deleted with their files). */
    keep: z.number().int().min(1).max(1_000_000).default(5000),
  })
  .strict();

export type CameraConfig = z.infer<typeof CameraConfigSchema>;

const cameras = defineCollection(CAMERAS_NS, CameraConfigSchema);

export function parseCameraConfig(input: unknown): CameraConfig {
  const r = CameraConfigSchema.safeParse(input);
  if (!r.success) throw issuesError(issuesFromZod(r.error));
  checkAssetPath(r.data.asset);
  return r.data;
}

export async function putCamera(store: Store, input: unknown): Promise<CameraConfig> {
  const c = parseCameraConfig(input);
  await cameras.put(store, c.asset, c);
  return c;
}

export async function getCamera(store: Store, asset: string): Promise<CameraConfig | undefined> {
  return cameras.get(store, asset);
}

export async function listCameras(store: Store): Promise<CameraConfig[]> {
  return (await cameras.list(store)).map((d) => d.doc);
}

export async function deleteCamera(store: Store, asset: string): Promise<void> {
  if (!(await getCamera(store, asset)))
    throw new XinzhiError('NOT_FOUND', `no camera '${asset}'`, { field: 'asset' });
  await cameras.delete(store, asset);
}
