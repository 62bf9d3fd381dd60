import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';

const NOW = Date.UTC(2024, 4, 1, 12);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await raw.close();
});

const app = (store: Store) => createTestApp(store, { now: NOW, web: false }).app;

describe('GET /api/v1/overview', () => {
  it('counts sites, lines, freshness classes, open quarantine and recent alerts', async () => {
    await raw.upsertAsset({ id: 'f1/hall/l1/m1' });
    await raw.upsertAsset({ id: 'f1/hall/l1/m2' });
    await raw.upsertAsset({ id: 'farm1/field-a/zone-1', kind: 'zone' });
    for (const [sid, age] of [
      ['f1/hall/l1/m1/temp', 5_000],
      ['f1/hall/l1/m2/temp', 10 * 60_000],
      ['farm1/field-a/zone-1/moisture', 2 * 3_600_000],
    ] as const) {
      const [asset, metric] = [sid.slice(0, sid.lastIndexOf('/')), sid.slice(sid.lastIndexOf('/') + 1)];
      await raw.upsertSeries({ assetId: asset, metric, unit: 'Cel' });
      await raw.writePoints([{ seriesId: sid, ts: NOW - age, value: 1 }]);
    }
    await raw.upsertSeries({ assetId: 'f1/hall/l1/m1', metric: 'empty', unit: '1' });
    await raw.addQuarantine([
      {
        importId: null,
        source: 'http',
        location: 'body[0]',
        raw: '{}',
        reasons: [{ code: 'X', message: 'bad' }],
        ts: NOW,
      },
    ]);
    await raw.appendEvent({ ts: NOW - 60_000, kind: 'gap', severity: 'warning', message: 'gap of 5 min' });
    await raw.appendEvent({ ts: NOW - 30_000, kind: 'note', severity: 'info', message: 'hello' });
    await raw.appendEvent({ ts: NOW - 48 * 3_600_000, kind: 'old', severity: 'major', message: 'old' });

    const res = await app(raw).request('/api/v1/overview');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      now: number;
      sites: Array<{
        id: string;
        assets: number;
        series: number;
        lines: Array<{ id: string; machines: number }>;
      }>;
      freshness: Record<string, number | null>;
      quarantineOpen: number;
      alerts: Array<{ message: string }>;
    };
    expect(body.now).toBe(NOW);
    expect(body.sites.map((s) => s.id)).toEqual(['f1', 'farm1']);
    expect(body.sites[0]).toMatchObject({ assets: 5, series: 3, lines: [{ id: 'f1/hall/l1', machines: 2 }] });
    expect(body.freshness).toEqual({
      series: 4,
      fresh: 1,
      recent: 1,
      stale: 1,
      empty: 1,
      latestTs: NOW - 5_000,
    });
    expect(body.quarantineOpen).toBe(1);
    expect(body.alerts.map((a) => a.message)).toEqual(['gap of 5 min']);
  });

  it('is empty but well-formed on a fresh database', async () => {
    const body = (await (await app(raw).request('/api/v1/overview')).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      sites: [],
      quarantineOpen: 0,
      alerts: [],
      freshness: { series: 0, latestTs: null },
    });
  });
});
