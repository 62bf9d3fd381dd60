/** What the `vision` subcommands share: reading models from files or the registry, and flag parsing. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { asVisionModel, registeredVisionModel, type VisionModel } from '../../../analytics/vision/index.js';
import { XinzhiError } from '../../../core/index.js';
import { withExistingStore } from '../../open-store.js';

export const MODEL_MAX_BYTES = 100 * 1024 * 1024;

export async function resolveModel(ref: string, db: string | undefined): Promise<VisionModel> {
  if (existsSync(ref) && statSync(ref).isFile()) {
    if (statSync(ref).size > MODEL_MAX_BYTES)
      throw new XinzhiError('BAD_INPUT', `${ref} is larger than a vision model can be`, { field: 'model' });
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(ref, 'utf8'));
    } catch (e) {
      throw new XinzhiError('BAD_INPUT', `${ref} is not JSON: ${(e as Error).message}`, { field: 'model' });
    }
    return asVisionModel(doc, ref);
  }
  if (/\.json$/i.test(ref) || ref.includes('\\') || ref.startsWith('.'))
    throw new XinzhiError('NOT_FOUND', `cannot read ${ref}: no such model file`, { field: 'model' });
  return withExistingStore({ db }, async (store) => (await registeredVisionModel(store, ref)).model);
}

export function intOpt(flag: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new XinzhiError('BAD_INPUT', `--${flag} must be an integer in ${min} … ${max}, got '${v}'`, {
      field: flag,
    });
  return n;
}

export function l2List(v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  const out = v.split(',').map((s) => Number(s.trim()));
  if (!out.length || out.some((x) => !Number.isFinite(x) || x < 0 || x > 100))
    throw new XinzhiError('BAD_INPUT', `--l2 must be comma-separated numbers in 0 … 100, got '${v}'`, {
      field: 'l2',
    });
  return out;
}

export const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
