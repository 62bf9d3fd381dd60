import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import type { QuarantineInput } from '../../store/index.js';
import type { IngestPipeline, RawReading } from '../types.js';
import { createIngestBatcher } from './batcher.js';

const reading = (v: number): RawReading => ({
  seriesId: 'a/m',
  ts: v,
  value: v,
  location: 't',
  raw: String(v),
});

function fakes(fail = false) {
  const calls: RawReading[][] = [];
  const quarantined: QuarantineInput[] = [];
  const pipeline: IngestPipeline = {
    async ingest(readings, ctx) {
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error('disk full');
      calls.push([...readings]);
      quarantined.push(...(ctx.quarantine ?? []));
      return {
        accepted: readings.length,
        quarantined: 0,
        duplicates: 0,
        outliers: 0,
        series: ['a/m'],
        rejections: [],
      };
    },
  };
  return { calls, quarantined, pipeline };
}

describe('createIngestBatcher', () => {
  it('writes messages submitted together in one batch and resolves each after the write', async () => {
    const f = fakes();
    const b = createIngestBatcher({ pipeline: f.pipeline, logger: silentLogger });
    const done: number[] = [];
    const all = [1, 2, 3].map((v) => b.submit([reading(v)], []).then(() => done.push(v)));
    expect(done).toEqual([]);
    await Promise.all(all);
    expect(f.calls.map((c) => c.map((r) => r.value))).toEqual([[1, 2, 3]]);
    expect(b.stats).toMatchObject({ batches: 1, messages: 3, accepted: 3 });
  });

  it('gathers messages arriving during a write into the next batch', async () => {
    const f = fakes();
    const b = createIngestBatcher({ pipeline: f.pipeline, logger: silentLogger });
    const first = b.submit([reading(1)], []);
    await new Promise((r) => setTimeout(r, 1));
    const later = [2, 3].map((v) => b.submit([reading(v)], []));
    await Promise.all([first, ...later]);
    expect(f.calls.map((c) => c.map((r) => r.value))).toEqual([[1], [2, 3]]);
  });

  it('rejects every message of a failed write (nothing acknowledged) and keeps quarantine rows', async () => {
    const f = fakes(true);
    const b = createIngestBatcher({ pipeline: f.pipeline, logger: silentLogger });
    const q: QuarantineInput = {
      importId: null,
      source: 'mqtt',
      location: 't',
      raw: 'x',
      reasons: [],
      ts: 0,
    };
    const results = await Promise.allSettled([b.submit([reading(1)], []), b.submit([], [q])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('hands quarantine rows of unreadable messages to the same pipeline call as the readings', async () => {
    const f = fakes();
    const b = createIngestBatcher({ pipeline: f.pipeline, logger: silentLogger });
    const q: QuarantineInput = {
      importId: null,
      source: 'mqtt',
      location: 't',
      raw: 'x',
      reasons: [{ code: 'INGEST_BAD_PAYLOAD', message: 'not JSON' }],
      ts: 0,
    };
    await Promise.all([b.submit([], [q]), b.submit([reading(1)], [])]);
    expect(f.calls).toHaveLength(1);
    expect(f.quarantined).toEqual([q]);
    expect(b.stats).toMatchObject({ batches: 1, messages: 2, accepted: 1, quarantined: 1 });
  });

  it('flush writes what is pending', async () => {
    const f = fakes();
    const b = createIngestBatcher({
      pipeline: f.pipeline,
      logger: silentLogger,
      lingerMs: 10_000,
    });
    const p = b.submit([reading(1)], []);
    await b.flush();
    await p;
    expect(f.calls).toHaveLength(1);
  });

  it('quarantines a message that breaks the pipeline and still stores the others of its batch', async () => {
    const stored: unknown[] = [];
    const quarantined: QuarantineInput[] = [];
    const pipeline: IngestPipeline = {
      async ingest(readings, ctx) {
        if (readings.some((r) => r.value === 666)) throw new TypeError('poison');
        stored.push(...readings.map((r) => r.value));
        quarantined.push(...(ctx.quarantine ?? []));
        return {
          accepted: readings.length,
          quarantined: 0,
          duplicates: 0,
          outliers: 0,
          series: [],
          rejections: [],
        };
      },
    };
    const b = createIngestBatcher({ pipeline, logger: silentLogger });
    await Promise.all([b.submit([reading(1)], []), b.submit([reading(666)], []), b.submit([reading(2)], [])]);
    expect(stored).toEqual([1, 2]);
    expect(quarantined).toMatchObject([{ location: 't', raw: '666' }]);
    expect(quarantined[0]?.reasons[0]?.message).toContain('could not be stored: poison');
  });

  it('leaves a message unacknowledged only when even its quarantine row cannot be committed', async () => {
    const f = fakes(true);
    const b = createIngestBatcher({ pipeline: f.pipeline, logger: silentLogger });
    await expect(b.submit([reading(1)], [])).rejects.toThrow('disk full');
  });
});
