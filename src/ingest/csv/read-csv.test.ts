import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RawReading } from '../types.js';
import { type ReadCsvOptions, type RowError, readCsv } from './read-csv.js';

async function all(text: string | Iterable<string>, opts: Partial<ReadCsvOptions> = {}) {
  const readings: RawReading[] = [];
  const errors: RowError[] = [];
  const src = typeof text === 'string' ? [text] : text;
  for await (const b of readCsv(Readable.from(src), { name: 'f.csv', batchSize: 3, ...opts })) {
    // Plain objects (CSV readings format their location lazily).
    readings.push(
      ...b.readings
        .map((r) => ({ ...r, location: r.location }))
        .map(({ seriesId, ts, value, unit, location, raw }) => ({
          seriesId,
          ts,
          value,
          unit,
          location,
          raw,
        })),
    );
    errors.push(...b.errors);
  }
  return { readings, errors };
}

describe('readCsv', () => {
  it('reads the long layout with a unit column and names each line', async () => {
    const { readings } = await all(
      'timestamp,series,value,unit\n2024-01-01T00:00:00Z,p/m/t,20.5,Cel\n1704067201,p/m/t,70,[degF]\n',
    );
    expect(readings).toEqual([
      {
        seriesId: 'p/m/t',
        ts: '2024-01-01T00:00:00Z',
        value: '20.5',
        unit: 'Cel',
        location: 'f.csv:2',
        raw: '2024-01-01T00:00:00Z,p/m/t,20.5,Cel',
      },
      {
        seriesId: 'p/m/t',
        ts: '1704067201',
        value: '70',
        unit: '[degF]',
        location: 'f.csv:3',
        raw: '1704067201,p/m/t,70,[degF]',
      },
    ]);
  });

  it('reads asset + metric columns, and prefixes --asset to bare series names', async () => {
    const a = await all('ts,asset,metric,value,unit\n1,p1/m1,temp,1,Cel\n');
    expect(a.readings[0]).toMatchObject({ seriesId: 'p1/m1/temp', unit: 'Cel' });
    const b = await all('time,series,value\n1,temp,1\n', { asset: 'plant' });
    expect(b.readings[0]).toMatchObject({ seriesId: 'plant/temp', unit: undefined });
  });

  it('reads the wide layout with units in the header; empty cells are no reading', async () => {
    const { readings } = await all('time,temp [Cel],pressure (psi),Motor Speed\n1,20,14.7,1500\n2,,15,\n', {
      asset: 'p1/m1',
    });
    expect(readings.map((r) => [r.seriesId, r.unit, r.value, r.location])).toEqual([
      ['p1/m1/temp', 'Cel', '20', 'f.csv:2'],
      ['p1/m1/pressure', 'psi', '14.7', 'f.csv:2'],
      ['p1/m1/Motor_Speed', undefined, '1500', 'f.csv:2'],
      ['p1/m1/pressure', 'psi', '15', 'f.csv:3'],
    ]);
  });

  it('requires --asset for a wide file', async () => {
    await expect(all('time,temp\n1,2\n')).rejects.toThrow(/needs --asset/);
  });

  it('sniffs ";" with decimal commas and day-first dotted dates', async () => {
    const { readings } = await all(
      'Zeit;Temperatur [Cel]\n31.12.2024 23:00;21,5\n01.01.2025 00:00:30;-3,25\n',
      {
        asset: 'b/k',
      },
    );
    expect(readings.map((r) => [r.ts, r.value])).toEqual([
      ['2024-12-31T23:00:00', '21.5'],
      ['2025-01-01T00:00:30', '-3.25'],
    ]);
  });

  it('applies an explicit column mapping', async () => {
    const { readings } = await all('a,when,b,c\nx,5,1,2\n', {
      mapping: { time: 'when', columns: { b: 'p/q/b', c: { series: 'p/q/c', unit: 'kPa' } } },
    });
    expect(readings.map((r) => [r.seriesId, r.ts, r.value, r.unit])).toEqual([
      ['p/q/b', '5', '1', undefined],
      ['p/q/c', '5', '2', 'kPa'],
    ]);
  });

  it('turns malformed lines into row errors with their line and keeps the rest', async () => {
    const { readings, errors } = await all('ts,series,value\n1,a/b,1\n2,a/b\n3,a/b,3,extra\n4,a/b,4\n');
    expect(readings.map((r) => r.location)).toEqual(['f.csv:2', 'f.csv:5']);
    expect(errors.map((e) => [e.location, e.raw])).toEqual([
      ['f.csv:3', '2,a/b'],
      ['f.csv:4', '3,a/b,3,extra'],
    ]);
    expect(errors[0]!.message).toMatch(/expected 3 fields .* found 2/);
  });

  it('reports an unclosed quote as a row error instead of throwing', async () => {
    const { readings, errors } = await all('ts,series,value\n1,a/b,1\n2,"a/b,2\n');
    expect(readings).toHaveLength(1);
    expect(errors[0]!.location).toMatch(/^f\.csv:3/);
  });

  it('reads quoted fields, including delimiters and line breaks inside quotes', async () => {
    const { readings, errors } = await all(
      'ts,series,value,unit\n1,"a/b",1,"Cel"\n2,"a/b","2,5",Cel\n3,"a/\nb",3,Cel\n4,a/b,4,Cel\n',
      {
        decimal: ',',
      },
    );
    expect(errors).toEqual([]);
    expect(readings.map((r) => [r.seriesId, r.value, r.location])).toEqual([
      ['a/b', '1', 'f.csv:2'],
      ['a/b', '2.5', 'f.csv:3'],
      ['a/\nb', '3', 'f.csv:4-5'],
      ['a/b', '4', 'f.csv:6'],
    ]);
  });

  it('stops with a clear error on a file without line breaks instead of buffering it', async () => {
    function* endless(): Generator<string> {
      yield 'ts,series,value\n1,a/b,';
      for (let i = 0; i < 40; i++) yield '9'.repeat(1024 * 1024);
    }
    await expect(all(endless())).rejects.toThrow(/f\.csv:2: a line longer than 16 M characters/);
  });

  it('rejects a binary file and an empty file clearly', async () => {
    await expect(all('\u0000\u0001\u0002')).rejects.toThrow(/not a text CSV/);
    await expect(all('')).rejects.toThrow(/empty/);
  });

  it('streams in constant memory (23 MB through a generator)', async () => {
    function* gen(): Generator<string> {
      yield 'ts,series,value\n';
      const line = (i: number) =>
        `${1_700_000_000_000 + i * 1000},plant/m1/temp,${(20 + (i % 100) / 10).toFixed(1)}\n`;
      for (let c = 0; c < 1000; c++) {
        let s = '';
        for (let i = 0; i < 700; i++) s += line(c * 700 + i);
        yield s;
      }
    }
    globalThis.gc?.();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    let n = 0;
    let bytes = 0;
    for await (const b of readCsv(Readable.from(gen()), { name: 'big.csv', batchSize: 5000 })) {
      n += b.readings.length;
      bytes = b.bytesRead;
      peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    }
    expect(n).toBe(700_000);
    expect(bytes).toBeGreaterThan(23_000_000);
    // The input is 23 MB and its readings several times that; a streaming reader stays far below.
    expect(peak).toBeLessThan(60 * 1024 * 1024);
  });
});
