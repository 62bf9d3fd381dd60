/**
 * Test helper: the small line-1 CSV the import tests use on every store (SQLite and PostgreSQL),
 * and the queries whose answers that file fixes.
 */
import { expect } from 'vitest';

/** Two series over three rows; one temperature is not a number (one quarantined value). */
export const LINE1_CSV =
  'time,temp [degF],speed (rpm)\n2024-06-01T08:00:00Z,68,1500\n2024-06-01T08:01:00Z,bad,1510\n2024-06-01T08:02:00Z,71.6,1490\n';

/** What `JSON.parse` gives: the tests read answers as loosely as they print them. */
type Json = ReturnType<typeof JSON.parse>;
type JsonRun = (...args: string[]) => Promise<{ doc: Json }>;

/** Raw points of the temperature and the hourly bucket of the speed after importing `LINE1_CSV` under plant/line1. */
export async function expectLine1Queries(json: JsonRun): Promise<{ raw: { doc: Json } }> {
  const raw = await json('query', '--series', 'plant/line1/temp');
  expect(raw.doc.points.map((p: { value: number }) => p.value)).toEqual([68, 71.6]);
  const b = await json(
    'query',
    '--series',
    'plant/line1/speed',
    '--bucket',
    '1h',
    '--from',
    '2024-06-01T00:00:00Z',
    '--to',
    '2024-06-02T00:00:00Z',
  );
  expect(b.doc.buckets).toEqual([expect.objectContaining({ count: 3, min: 1490, max: 1510 })]);
  return { raw };
}
