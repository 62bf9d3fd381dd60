import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Issue, issuesError, XinzhiError } from '../../core/index.js';
import { decodeImage } from './decode.js';
import { DEFAULT_FEATURES, extractFeatures, type FeatureOptions } from './features.js';
import type { LabelledFeatures } from './model.js';

/**
 * A folder of labelled images in the layout people already have: one sub-folder per class, its
 * name the class, holding JPEG or PNG files (other files and hidden entries are ignored).
 */
export interface ImageFolder {
  readonly classes: string[];
  readonly files: Array<{ readonly path: string; readonly label: number }>;
}

const IMAGE_EXT = /\.(jpe?g|png)$/i;
/** Largest image file read, in bytes. */
export const MAX_IMAGE_FILE_BYTES = 50 * 1024 * 1024;

export function listImageFolder(dir: string): ImageFolder {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new XinzhiError(
      missing ? 'NOT_FOUND' : 'BAD_INPUT',
      `cannot read folder ${dir}: ${(e as Error).message}`,
      {
        field: 'dir',
      },
    );
  }
  const classes = entries
    .filter((n) => !n.startsWith('.') && statSync(join(dir, n)).isDirectory())
    .sort((a, b) => a.localeCompare(b));
  const files: Array<{ path: string; label: number }> = [];
  const empty: string[] = [];
  classes.forEach((c, label) => {
    const imgs = readdirSync(join(dir, c))
      .filter((n) => !n.startsWith('.') && IMAGE_EXT.test(n))
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    if (!imgs.length) empty.push(c);
    for (const n of imgs) files.push({ path: join(dir, c, n), label });
  });
  if (classes.length === 0)
    throw new XinzhiError(
      'BAD_INPUT',
      `${dir} has no class sub-folders (expected <dir>/<class>/<image>.jpg|png)`,
      {
        field: 'dir',
      },
    );
  if (empty.length)
    throw new XinzhiError('BAD_INPUT', `class folder(s) with no JPEG or PNG image: ${empty.join(', ')}`, {
      field: 'dir',
    });
  return { classes, files };
}

/** Reads and decodes one image file; BAD_INPUT names the file. */
export function readImageFile(path: string): ReturnType<typeof decodeImage> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new XinzhiError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`, { field: path });
  }
  if (size > MAX_IMAGE_FILE_BYTES)
    throw new XinzhiError(
      'BAD_INPUT',
      `${path} is ${size} bytes, over the limit of ${MAX_IMAGE_FILE_BYTES}`,
      {
        field: path,
      },
    );
  return decodeImage(readFileSync(path), path);
}

/**
 * Features of every image in the folder; every unreadable image is listed (first 20) rather than
 * stopping at the first, so a user fixes the folder in one pass.
 */
export function folderFeatures(
  folder: ImageFolder,
  features: FeatureOptions = DEFAULT_FEATURES,
  onImage?: (done: number, total: number) => void,
): LabelledFeatures & { paths: string[] } {
  const x: Float32Array[] = [];
  const y: number[] = [];
  const paths: string[] = [];
  const issues: Issue[] = [];
  folder.files.forEach((f, i) => {
    try {
      x.push(extractFeatures(readImageFile(f.path), features));
      y.push(f.label);
      paths.push(f.path);
    } catch (e) {
      issues.push({
        code: 'BAD_INPUT',
        message: (e as Error).message.replace(`${f.path}: `, ''),
        where: f.path,
      });
    }
    onImage?.(i + 1, folder.files.length);
  });
  if (issues.length)
    throw issuesError(issues.slice(0, 20), {
      detail: `${issues.length} image(s) could not be read: ${issues
        .slice(0, 5)
        .map((i) => `${i.where}: ${i.message}`)
        .join('; ')}`,
    });
  return { x, y, classes: folder.classes, paths };
}
