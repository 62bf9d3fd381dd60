/** Conformance suite of ReportScheduleStore: the SQLite and PostgreSQL stores run it with their own factory. */
import { describe, expect, it } from 'vitest';
import type { ReportScheduleStore } from './report-schedule-store.js';

export function reportScheduleStoreConformance(name: string, open: () => Promise<ReportScheduleStore>): void {
  describe(`ReportScheduleStore conformance: ${name}`, () => {
    it('creates, lists by org, updates and removes schedules', async () => {
      const s = await open();
      const a = await s.create({
        name: 'daily',
        org: 'default',
        enabled: true,
        spec: { cron: '5 6 * * *' },
        now: 1,
      });
      const b = await s.create({
        name: 'other',
        org: 'acme',
        enabled: false,
        spec: { x: [1, '二'] },
        now: 2,
      });
      expect(a).toMatchObject({
        name: 'daily',
        org: 'default',
        enabled: true,
        spec: { cron: '5 6 * * *' },
        createdAt: 1,
      });
      expect((await s.list()).map((r) => r.id)).toEqual([a.id, b.id]);
      expect((await s.list({ org: 'acme' })).map((r) => r.spec)).toEqual([{ x: [1, '二'] }]);
      const u = await s.update(a.id, { enabled: false, now: 5 });
      expect(u).toMatchObject({ name: 'daily', enabled: false, spec: { cron: '5 6 * * *' }, updatedAt: 5 });
      expect(await s.update(999_999, { name: 'x', now: 6 })).toBeUndefined();
      expect(await s.remove(b.id)).toBe(true);
      expect(await s.remove(b.id)).toBe(false);
      expect(await s.get(b.id)).toBeUndefined();
    });

    it('claims each slot once and keeps the delivery log newest first', async () => {
      const s = await open();
      const a = await s.create({ name: 'd', org: 'default', enabled: true, spec: {}, now: 1 });
      const first = await s.claimFire(a.id, 1000, 'node-a', 10);
      expect(first).not.toBeNull();
      expect(await s.claimFire(a.id, 1000, 'node-b', 11)).toBeNull();
      const second = await s.claimFire(a.id, 2000, 'node-b', 20);
      expect(await s.lastSlot(a.id)).toBe(2000);
      await s.finishDelivery(first!, {
        state: 'failed',
        attempts: 3,
        target: 'smtp://x',
        error: 'refused',
        files: [],
        finishedAt: 15,
      });
      await s.finishDelivery(second!, {
        state: 'delivered',
        attempts: 1,
        target: '/tmp/r',
        error: null,
        files: ['a.pdf'],
        finishedAt: 25,
      });
      const log = await s.deliveries({ scheduleId: a.id });
      expect(log.map((d) => [d.slot, d.state, d.node, d.attempts, d.files])).toEqual([
        [2000, 'delivered', 'node-b', 1, ['a.pdf']],
        [1000, 'failed', 'node-a', 3, []],
      ]);
      expect(log[1]).toMatchObject({ error: 'refused', target: 'smtp://x', startedAt: 10, finishedAt: 15 });
      expect(await s.remove(a.id)).toBe(true);
      expect(await s.deliveries({ scheduleId: a.id })).toEqual([]);
    });
  });
}
