import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, silentLogger } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { importFile } from '../import/import-file.js';
import { parseMqttMessage } from '../mqtt/payload.js';
import { type CleaningPipeline, createIngestPipeline } from '../pipeline/create-ingest-pipeline.js';
import { discardQuarantine, listQuarantine, resubmitQuarantine } from './resubmit-quarantine.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-q-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clock = manualClock(Date.UTC(2025, 0, 1));
let store: Store;
let pipeline: CleaningPipeline;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
  pipeline = createIngestPipeline({ store, clock, logger: silentLogger });
});
afterEach(async () => {
  await store.close();
});

const importWide = async () => {
  const p = join(dir, 'wide.csv');
  writeFileSync(
    p,
    'time;temp [Cel];speed (rpm)\n2024-06-01 08:00;21,5;1500\n2024-06-01 08:01;hot;1510\n2024-06-01 08:02;22,0\n',
  );
  return importFile(p, { asset: 'p/m' }, { store, pipeline, clock, logger: silentLogger });
};

describe('quarantine', () => {
  it('re-reads a wide CSV row with its import layout, applies a field fix and resubmits only that series', async () => {
    const r = await importWide();
    expect(r).toMatchObject({ accepted: 3, quarantined: 2 });
    const open = await listQuarantine(store);
    const bad = open.find((q) => q.seriesId === 'p/m/temp')!;
    expect(bad.location).toBe('wide.csv:3');
    // Unfixed, it is still invalid: the error says why and the row stays open.
    await expect(resubmitQuarantine(bad.id, {}, { store, pipeline })).rejects.toMatchObject({
      code: 'INGEST_STRICT_ABORT',
    });
    expect((await store.getQuarantine(bad.id))?.status).toBe('open');
    const done = await resubmitQuarantine(bad.id, { value: '23,5'.replace(',', '.') }, { store, pipeline });
    expect(done).toMatchObject({ accepted: 1, series: ['p/m/temp'] });
    expect((await store.getQuarantine(bad.id))?.status).toBe('resubmitted');
    const pts = await store.queryPoints('p/m/temp', { from: 0, to: Date.UTC(2025, 0, 1) });
    expect(pts.map((x) => x.value)).toEqual([21.5, 23.5]);
    await expect(resubmitQuarantine(bad.id, {}, { store, pipeline })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('resubmits a malformed line with corrected raw text, and discards', async () => {
    await importWide();
    const short = (await listQuarantine(store)).find((q) => q.seriesId === null)!;
    expect(short.raw).toBe('2024-06-01 08:02;22,0');
    const done = await resubmitQuarantine(
      short.id,
      { raw: '2024-06-01 08:02;22,0;1520' },
      { store, pipeline },
    );
    expect(done.accepted).toBe(2);
    expect(await listQuarantine(store)).toHaveLength(1);
    const last = (await listQuarantine(store))[0]!;
    await discardQuarantine(last.id, store);
    expect(await listQuarantine(store)).toHaveLength(0);
    await expect(discardQuarantine(9999, store)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('resubmits a JSON reading (HTTP/MQTT) by its series', async () => {
    const r = await pipeline.ingest(
      [
        {
          seriesId: 'a/b/c',
          ts: 'soon',
          value: 1,
          unit: 'Cel',
          location: 'body[0]',
          raw: '{"series":"a/b/c","ts":"soon","value":1,"unit":"Cel"}',
        },
      ],
      { source: 'http', importId: null },
    );
    expect(r.quarantined).toBe(1);
    const q = (await listQuarantine(store))[0]!;
    const done = await resubmitQuarantine(q.id, { ts: '2024-12-31T23:00:00Z' }, { store, pipeline });
    expect(done).toMatchObject({ accepted: 1, series: ['a/b/c'] });
  });

  it('resubmits an MQTT reading that had no ts with a value alone, at the time it was received', async () => {
    const received = clock.now() - 60_000;
    for (const text of ['{"value":"abc"}', 'abc']) {
      const m = parseMqttMessage('xinzhi/v1/site/pump/flow', Buffer.from(text), received);
      await pipeline.ingest(m.readings, { source: 'mqtt', importId: null, quarantine: m.quarantine });
    }
    const rows = await listQuarantine(store);
    const noTs = rows.find((r) => r.raw === '{"value":"abc"}')!;
    const bare = rows.find((r) => r.raw === 'abc')!;
    expect((await resubmitQuarantine(noTs.id, { value: 5 }, { store, pipeline })).accepted).toBe(1);
    expect((await resubmitQuarantine(bare.id, { value: 6 }, { store, pipeline })).accepted).toBe(1);
    const pts = await store.queryPoints('site/pump/flow', { from: received - 1, to: clock.now() + 1 });
    // Each at its row's time: when the message was received (and quarantined).
    expect(pts.map((p) => [p.ts, p.value])).toEqual(
      [
        [bare.ts, 6],
        [noTs.ts, 5],
      ].sort((a, b) => a[0]! - b[0]!),
    );
  });
});
