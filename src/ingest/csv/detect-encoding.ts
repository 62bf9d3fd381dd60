/**
 * Text encodings of the files people have: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's
 * "Unicode text"), GB18030 (Chinese Excel's default, a superset of GBK and GB2312) and
 * Windows-1252 (Western Excel). Detection: a BOM decides; else a sample that is valid UTF-8 is
 * UTF-8; else the high bytes are weighed between GB18030 and Windows-1252 (see `guessLegacy`).
 * Decoding other than UTF-8 goes through iconv-lite, a maintained decoder.
 */
import { StringDecoder } from 'node:string_decoder';
import iconv from 'iconv-lite';
import { XinzhiError } from '../../core/errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'windows-1252';

/** How the encoding was chosen: given (`--encoding`), a byte-order mark, or detected from a sample. */
export type EncodingSource = 'given' | 'bom' | 'detected';

export const ENCODINGS: readonly Encoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'windows-1252'];

const ALIASES: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16': 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  cp936: 'gb18030',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  windows1252: 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
};

/** Reads an `--encoding` value; aliases such as `gbk`, `cp936`, `cp1252`, `latin1` are accepted. */
export function parseEncoding(name: string, field = '--encoding'): Encoding {
  const e = ALIASES[name.trim().toLowerCase()];
  if (e === undefined)
    throw new XinzhiError(
      'BAD_INPUT',
      `${field}: unknown encoding "${name}"; use one of ${ENCODINGS.join(', ')} (aliases: gbk, cp936, cp1252, latin1, utf8)`,
      { field },
    );
  return e;
}

/** Length of the byte-order mark of `enc` at the start of `buf` (0 when there is none). */
export function bomLength(buf: Uint8Array, enc: Encoding): number {
  if (enc === 'utf-8') return buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  if (enc === 'utf-16le') return buf[0] === 0xff && buf[1] === 0xfe ? 2 : 0;
  if (enc === 'utf-16be') return buf[0] === 0xfe && buf[1] === 0xff ? 2 : 0;
  return 0;
}

/**
 * Offset of the first byte that is not valid UTF-8 in `buf`, or -1. A sequence cut by the end of
 * the buffer counts as valid when `partialEnd` (a sample cut from a longer file).
 */
export function firstInvalidUtf8(buf: Uint8Array, partialEnd: boolean): number {
  const n = buf.length;
  let i = 0;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n + (partialEnd ? need : 0)) return partialEnd ? -1 : i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return partialEnd ? -1 : i;
      const c = buf[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * GB18030 or Windows-1252, for a sample that is not UTF-8. Chinese text is pairs of high bytes
 * (lead 0x81–0xFE, trail 0xA1–0xFE for GB2312's characters and symbols such as `℃`, `°`);
 * Western text has high bytes mostly alone between ASCII letters (`°F`, `Température`). A high
 * byte followed by a byte GB18030 cannot continue with (below 0x30, or 0x7F, 0xFF) settles it.
 */
export function guessLegacy(buf: Uint8Array): Encoding {
  let paired = 0;
  let single = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b < 0x80) continue;
    if (b === 0x80 || b === 0xff) return 'windows-1252';
    if (i + 1 >= buf.length) break;
    const c = buf[i + 1]!;
    if (c >= 0x30 && c <= 0x39) {
      // GB18030 four-byte form: lead, digit, high byte, digit.
      const d = buf[i + 2];
      const e = buf[i + 3];
      if (d !== undefined && d >= 0x81 && d <= 0xfe && e !== undefined && e >= 0x30 && e <= 0x39) {
        paired++;
        i += 3;
        continue;
      }
      return 'windows-1252';
    }
    if (c < 0x40 || c === 0x7f || c === 0xff) return 'windows-1252';
    if (c >= 0x80) paired++;
    else single++;
    i++;
  }
  return paired >= single && paired > 0 ? 'gb18030' : 'windows-1252';
}

/** The encoding of a file from its first bytes (`partial`: the sample was cut from a longer file). */
export function detectEncoding(
  head: Uint8Array,
  partial: boolean,
): { encoding: Encoding; source: EncodingSource } {
  if (bomLength(head, 'utf-8') > 0) return { encoding: 'utf-8', source: 'bom' };
  if (bomLength(head, 'utf-16le') > 0) return { encoding: 'utf-16le', source: 'bom' };
  if (bomLength(head, 'utf-16be') > 0) return { encoding: 'utf-16be', source: 'bom' };
  if (firstInvalidUtf8(head, partial) < 0) return { encoding: 'utf-8', source: 'detected' };
  return { encoding: guessLegacy(head), source: 'detected' };
}

/** The bytes of a UTF-8 sequence left open at the end of `bytes` (empty when the last one is complete). */
function openSequence(bytes: Buffer): Buffer {
  for (let k = bytes.length - 1; k >= 0 && k >= bytes.length - 3; k--) {
    const b = bytes[k]!;
    if (b < 0x80) break;
    if (b >= 0xc0) {
      const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return bytes.length - k < len ? Buffer.from(bytes.subarray(k)) : Buffer.alloc(0);
    }
  }
  return Buffer.alloc(0);
}

/** A streaming decoder: `write` chunks in order, then `end`. */
export interface TextDecoderStream {
  write(chunk: Buffer): string;
  end(): string;
}

/**
 * A decoder for `enc`. UTF-8 is decoded strictly: an invalid byte ends the import with an error
 * naming the line and the byte offset (`where(offset)` turns a byte offset into `file:line`),
 * never a U+FFFD that would become part of a series id.
 */
export function createDecoder(
  enc: Encoding,
  name: string,
  where: (decodedSoFar: string, offset: number) => string,
): TextDecoderStream {
  if (enc === 'utf-8') {
    // StringDecoder, checked for U+FFFD, not a fatal TextDecoder: measured 1.5x faster on ASCII
    // exports, and the import budget is the point. Only a chunk with U+FFFD is scanned byte by byte.
    const d = new StringDecoder('utf8');
    let offset = 0;
    // The non-ASCII bytes ending the previous chunk: a sequence may be cut between chunks.
    let tail: Buffer = Buffer.alloc(0);
    const fail = (bytes: Buffer, at: number, base: number): never => {
      const good = bytes.subarray(0, at).toString('utf8');
      const byteNo = base + at;
      throw new XinzhiError(
        'INGEST_BAD_ROW',
        `${where(good, byteNo)}: byte ${byteNo} (0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')}) is not valid UTF-8; ` +
          `give the file's encoding with --encoding (e.g. gb18030, windows-1252)`,
        { field: name },
      );
    };
    return {
      write(chunk) {
        const s = d.write(chunk);
        if (s.includes('\uFFFD')) {
          const bytes = tail.length === 0 ? chunk : Buffer.concat([tail, chunk]);
          const bad = firstInvalidUtf8(bytes, true);
          // No invalid byte: the file holds U+FFFD itself (EF BF BD), which is valid text.
          if (bad >= 0) fail(bytes, bad, offset - tail.length);
        }
        tail = openSequence(tail.length === 0 ? chunk : Buffer.concat([tail, chunk]));
        offset += chunk.length;
        return s;
      },
      end() {
        const s = d.end();
        if (s.includes('\uFFFD') && tail.length > 0) fail(tail, 0, offset - tail.length);
        return s;
      },
    };
  }
  const d = iconv.getDecoder(enc, { stripBOM: true });
  return {
    write: (chunk) => d.write(chunk),
    end: () => d.end() ?? '',
  };
}
