import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { createDecoder, detectEncoding, firstInvalidUtf8, parseEncoding } from './detect-encoding.js';

const feed = (bytes: Buffer, step: number): string => {
  // As the CSV reader does: the line is the lines decoded before plus those in the good prefix.
  const d = createDecoder('utf-8', 'f.csv', (good) => `f.csv:${(s + good).split('\n').length}`);
  let s = '';
  for (let i = 0; i < bytes.length; i += step) s += d.write(bytes.subarray(i, i + step));
  return s + d.end();
};

describe('detect-encoding', () => {
  it('decodes UTF-8 cut anywhere between chunks, and a literal U+FFFD is text', () => {
    const text = 'ts,温度(℃),😀\n1,2,3\n\uFFFD\n';
    for (const step of [1, 2, 3, 5, 7]) expect(feed(Buffer.from(text), step)).toBe(text);
  });

  it('names the line and byte of an invalid sequence, also one cut between chunks and at the end', () => {
    const bad = Buffer.concat([Buffer.from('a\nb\n'), Buffer.from([0xe6, 0xb8]), Buffer.from('x\n')]);
    for (const step of [1, 2, 4, 64])
      expect(() => feed(bad, step)).toThrow(/f\.csv:3: byte 4 \(0xe6\) is not valid UTF-8/);
    expect(() => feed(Buffer.concat([Buffer.from('a\n'), Buffer.from([0xe6, 0xb8])]), 64)).toThrow(
      /byte 2 \(0xe6\)/,
    );
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe6, 0xb8]), true)).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0x80]), false)).toBe(0);
  });

  it('tells GB18030 from Windows-1252 and takes BOMs and aliases', () => {
    expect(detectEncoding(iconv.encode('时间,温度(℃),压力\n', 'gbk'), false).encoding).toBe('gb18030');
    expect(
      detectEncoding(iconv.encode('Zeit;Temp (°F);Größe;Température\n', 'win1252'), false).encoding,
    ).toBe('windows-1252');
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0]), false)).toEqual({
      encoding: 'utf-16le',
      source: 'bom',
    });
    expect(detectEncoding(Buffer.from('plain ascii'), false)).toEqual({
      encoding: 'utf-8',
      source: 'detected',
    });
    expect(parseEncoding('GBK')).toBe('gb18030');
    expect(parseEncoding('cp1252')).toBe('windows-1252');
    expect(() => parseEncoding('ebcdic')).toThrow(/--encoding: unknown encoding "ebcdic"; use one of utf-8/);
  });
});
