/** What the `nlp` subcommands share: reading CoNLL files and models from files or the registry. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import {
  loadModel,
  type NerModel,
  parseConll,
  parseModel,
  type Sentence,
} from '../../../analytics/nlp/index.js';
import { getRegisteredModel, getRunModel, productionModel } from '../../../analytics/runs/index.js';
import { isXinzhiError, XinzhiError } from '../../../core/index.js';
import { withExistingStore } from '../../open-store.js';

export const MAX_BYTES = 200 * 1024 * 1024;

export function readText(path: string, field: string, maxBytes = MAX_BYTES): string {
  try {
    const size = statSync(path).size;
    if (size > maxBytes)
      throw new XinzhiError('BAD_INPUT', `${path} is ${size} bytes, over the limit of ${maxBytes}`, {
        field,
      });
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (isXinzhiError(e)) throw e;
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new XinzhiError(
      missing ? 'NOT_FOUND' : 'BAD_INPUT',
      `cannot read ${path}: ${(e as Error).message}`,
      {
        field,
      },
    );
  }
}

export function readConll(
  path: string,
  field: string,
  requireTags: boolean,
  maxTokens: number | undefined,
): Sentence[] {
  const s = parseConll(readText(path, field), {
    source: basename(path),
    requireTags,
    ...(maxTokens === undefined ? {} : { maxTokens }),
  });
  if (!s.length) throw new XinzhiError('BAD_INPUT', `${path} has no sentences`, { field });
  return s;
}

/** A model file, else a registered model (its production version, or `name@version`). */
export async function resolveModel(ref: string, db: string | undefined): Promise<NerModel> {
  if (existsSync(ref) && statSync(ref).isFile())
    return parseModel(readText(ref, 'model', 2 * MAX_BYTES), ref);
  if (/\.json$/i.test(ref) || ref.includes('/') || ref.includes('\\'))
    throw new XinzhiError('NOT_FOUND', `cannot read ${ref}: no such model file`, { field: 'model' });
  const at = ref.lastIndexOf('@');
  const name = at < 0 ? ref : ref.slice(0, at);
  const version = at < 0 ? undefined : Number(ref.slice(at + 1));
  if (version !== undefined && (!Number.isInteger(version) || version < 1))
    throw new XinzhiError('BAD_INPUT', `${ref}: the version after '@' must be a positive integer`, {
      field: 'model',
    });
  return withExistingStore({ db }, async (store) => {
    try {
      if (version === undefined) {
        const p = await productionModel(store, name);
        return loadModel(p.model, `registered model '${name}' v${p.version}`);
      }
      const v = (await getRegisteredModel(store, name)).versions.find((x) => x.version === version);
      if (!v)
        throw new XinzhiError('NOT_FOUND', `model '${name}' has no version ${version}`, { field: 'model' });
      return loadModel(await getRunModel(store, v.runId), `registered model '${name}' v${version}`);
    } catch (e) {
      if (isXinzhiError(e) && e.code === 'NOT_FOUND' && /^no registered model/.test(e.message))
        throw new XinzhiError('NOT_FOUND', `no model file '${ref}' and no registered model '${name}'`, {
          field: 'model',
        });
      throw e;
    }
  });
}

export const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
