import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { XinzhiError } from '../../core/index.js';

/**
 * Decodes JPEG and PNG bytes with maintained libraries (jpeg-js, pngjs: pure JavaScript, so no
 * native binary to install behind a firewall). The format is told by the magic bytes, never by a
 * file name or a declared content type, and every failure is a BAD_INPUT naming `field`.
 */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** RGBA, 8 bits per channel, row-major. */
  readonly data: Uint8Array;
}

export type ImageFormat = 'jpeg' | 'png';

/** Largest accepted image, in pixels (a 40-megapixel camera frame). Guards memory against bombs. */
export const MAX_PIXELS = 40_000_000;

/** `jpeg`, `png`, or undefined for bytes that are neither. */
export function sniffImage(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (
    bytes.length >= 8 &&
    bytes[0] === 0x89 &&
    bytes[1] === 0x50 &&
    bytes[2] === 0x4e &&
    bytes[3] === 0x47 &&
    bytes[4] === 0x0d &&
    bytes[5] === 0x0a &&
    bytes[6] === 0x1a &&
    bytes[7] === 0x0a
  )
    return 'png';
  return undefined;
}

/** PNG dimensions from the IHDR chunk, read before decoding so a huge image is refused cheaply. */
function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

export function decodeImage(bytes: Uint8Array, field = 'image'): RgbaImage {
  const format = sniffImage(bytes);
  if (!format)
    throw new XinzhiError('BAD_INPUT', `${field} is not a JPEG or PNG image (unrecognised first bytes)`, {
      field,
    });
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let img: { width: number; height: number; data: Uint8Array };
  try {
    if (format === 'jpeg') {
      img = jpeg.decode(buf, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: MAX_PIXELS / 1e6,
        maxMemoryUsageInMB: 512,
      });
    } else {
      const size = pngSize(bytes);
      if (size && size.width * size.height > MAX_PIXELS)
        throw new Error(`${size.width}×${size.height} is over ${MAX_PIXELS} pixels`);
      img = PNG.sync.read(buf);
    }
  } catch (e) {
    throw new XinzhiError('BAD_INPUT', `${field}: cannot decode ${format}: ${(e as Error).message}`, {
      field,
    });
  }
  if (!(img.width > 0 && img.height > 0) || img.data.length < img.width * img.height * 4)
    throw new XinzhiError('BAD_INPUT', `${field}: ${format} has no pixels`, { field });
  return {
    width: img.width,
    height: img.height,
    data: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength),
  };
}
