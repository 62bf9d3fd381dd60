import { describe, expect, it } from 'vitest';
import { measureReadRollups } from './read-rollups.js';

describe('measureReadRollups', () => {
  it('reports a rollup read and a write row whose rollup and raw results agree (small load)', async () => {
    const rows = await measureReadRollups({ points: 60_000, rollupRuns: 1, rawRuns: 1, batchSize: 5000 });
    expect(rows).toHaveLength(2);
    expect(rows[0]?.notes).toContain('identical');
    expect(rows[0]?.baseline?.value).toBeGreaterThan(0);
    expect(rows[1]?.unit).toBe('points/s');
  });
});
