import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';

let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await raw.close();
});

// A day-first export whose first days are all ≤ 12: day and month cannot be told apart.
const csv = `timestamp,power\n${Array.from({ length: 24 }, (_, i) => `03/04/2024 ${String(i).padStart(2, '0')}:00,${i}`).join('\n')}\n`;
const upload = (app: ReturnType<typeof createTestApp>['app'], query: string) =>
  app.request(`/api/v1/imports?name=line.csv&asset=p1/m1&${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: csv,
  });

describe('POST /imports time options', () => {
  it('answers 400 asking for timeFormat, then imports with it and names the format', async () => {
    const { app } = createTestApp(raw, { now: Date.UTC(2025, 0, 1) });
    const ask = await upload(app, 'timeZone=Asia/Shanghai');
    expect(ask.status).toBe(400);
    expect(((await ask.json()) as { detail: string }).detail).toContain('--time-format "DD/MM/YYYY HH:mm"');
    const ok = await upload(
      app,
      `timeZone=Asia/Shanghai&timeFormat=${encodeURIComponent('DD/MM/YYYY HH:mm')}`,
    );
    expect(ok.status).toBe(200);
    const r = (await ok.json()) as { accepted: number; time: { column: string; format: string } };
    expect(r.accepted).toBe(24);
    expect(r.time).toEqual({ column: 'timestamp', format: 'DD/MM/YYYY HH:mm (given)' });
    const pts = await raw.queryPoints('p1/m1/power', { from: 0, to: Date.UTC(2030, 0, 1) });
    expect(new Date(pts[0]!.ts).toISOString()).toBe('2024-04-02T16:00:00.000Z');
  });

  it('refuses timeZone=CST with the IANA zones meant', async () => {
    const { app } = createTestApp(raw, { now: Date.UTC(2025, 0, 1) });
    const res = await upload(app, 'timeZone=CST&timeFormat=excel');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/Asia\/Shanghai, America\/Chicago/);
  });
});
