import { isXinzhiError, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { getRegisteredModel, getRunModel, productionModel } from '../runs/index.js';
import { asVisionModel, type VisionModel } from './model.js';

/** Where a model came from in the registry. */
export interface RegistrySource {
  readonly name: string;
  readonly version: number;
  readonly runId: string;
}

/** Splits `name` or `name@3`; BAD_INPUT for a version that is not a positive integer. */
export function parseModelRef(ref: string, field = 'model'): { name: string; version?: number } {
  const at = ref.lastIndexOf('@');
  if (at < 0) return { name: ref };
  const version = Number(ref.slice(at + 1));
  if (!Number.isInteger(version) || version < 1)
    throw new XinzhiError('BAD_INPUT', `${ref}: the version after '@' must be a positive integer`, { field });
  return { name: ref.slice(0, at), version };
}

/** A registered vision model: its production version, or `name@version`. NOT_FOUND names the ref. */
export async function registeredVisionModel(
  store: Store,
  ref: string,
  field = 'model',
): Promise<{ model: VisionModel; source: RegistrySource }> {
  const { name, version } = parseModelRef(ref, field);
  try {
    if (version === undefined) {
      const p = await productionModel(store, name);
      return {
        model: asVisionModel(p.model, `registered model '${name}' v${p.version}`),
        source: { name, version: p.version, runId: p.runId },
      };
    }
    const v = (await getRegisteredModel(store, name)).versions.find((x) => x.version === version);
    if (!v) throw new XinzhiError('NOT_FOUND', `model '${name}' has no version ${version}`, { field });
    return {
      model: asVisionModel(await getRunModel(store, v.runId), `registered model '${name}' v${version}`),
      source: { name, version, runId: v.runId },
    };
  } catch (e) {
    if (isXinzhiError(e) && (e.code === 'NOT_FOUND' || e.field === 'name'))
      throw new XinzhiError('NOT_FOUND', `no registered vision model '${ref}': ${e.message}`, { field });
    throw e;
  }
}
