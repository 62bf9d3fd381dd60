import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { XinzhiError } from '../../core/index.js';

/**
 * The file store of inspection images: plain files under one root beside the database
 * (`<db>.images/` for a database file), laid out `<asset path>/<UTC day>/<time>-<random>.<ext>`
 * so an operator can find, back up or prune them with ordinary tools. The database keeps the
 * record (class, probability, heat map); the bytes stay out of it.
 */
export interface ImageFiles {
  readonly root: string;
  /** Writes the bytes; returns the path relative to the root. */
  write(asset: string, ts: number, ext: 'jpg' | 'png', bytes: Uint8Array): Promise<string>;
  read(path: string): Promise<Buffer>;
  remove(path: string): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9_.~:@-]+$/;

/** An asset path usable as folders: plain segments, none `.` or `..`. BAD_INPUT otherwise. */
export function checkAssetPath(asset: string, field = 'asset'): string {
  const segs = asset.split('/');
  if (
    asset.length === 0 ||
    asset.length > 512 ||
    segs.some((s) => !SEGMENT.test(s) || s === '.' || s === '..')
  )
    throw new XinzhiError(
      'BAD_INPUT',
      `asset '${asset.slice(0, 100)}' must be a path of names made of letters, digits and _ . ~ : @ - (not . or ..)`,
      { field },
    );
  return asset;
}

export function createImageFiles(root: string): ImageFiles {
  const base = resolve(root);
  const inside = (rel: string): string => {
    const p = resolve(base, rel);
    if (!p.startsWith(base + sep))
      throw new XinzhiError('BAD_INPUT', `image path '${rel}' is outside the image store`, { field: 'path' });
    return p;
  };
  return {
    root: base,
    async write(asset, ts, ext, bytes) {
      checkAssetPath(asset);
      const day = new Date(ts).toISOString().slice(0, 10);
      const rel = join(asset, day, `${ts}-${randomBytes(4).toString('hex')}.${ext}`);
      const p = inside(rel);
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, bytes, { flag: 'wx' });
      return rel.split(sep).join('/');
    },
    read: (rel) => readFile(inside(rel)),
    remove: (rel) => rm(inside(rel), { force: true }),
  };
}
