/**
 * Conformance suite of LedgerStore: every implementation (SQLite now, PostgreSQL later) runs it
 * with its own factory, as hono's router implementations share `common.case.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import type { LedgerEntryRecord, LedgerKeyRecord, LedgerStore } from './ledger-store.js';

const h = (n: number): Buffer => Buffer.alloc(32, n);
const entry = (index: number): LedgerEntryRecord => ({
  index,
  leafHash: h(index % 256),
  leaf: Buffer.from(`{"index":${index}}`),
  eventId: `ni:///sha-256;${index}`,
  orgId: 'o1',
  keyId: 'k1',
  recordedAt: 1000 + index,
});

export function ledgerStoreConformance(name: string, open: () => Promise<LedgerStore>): void {
  describe(`LedgerStore conformance: ${name}`, () => {
    it('migrates idempotently and starts empty', async () => {
      const s = await open();
      await s.migrate();
      await s.migrate();
      expect(await s.size()).toBe(0);
      expect(await s.latestCheckpoint()).toBeUndefined();
    });

    it('appends in order, reads ranges, rejects an append at the wrong index', async () => {
      const s = await open();
      await s.migrate();
      await s.appendEntries([0, 1, 2].map(entry), [{ level: 4, index: 0, hash: h(9) }]);
      expect(await s.size()).toBe(3);
      expect((await s.entries(1, 10)).map((e) => e.index)).toEqual([1, 2]);
      expect((await s.entries(1, 2))[0]).toEqual(entry(1));
      expect(await s.hashesAt(0, 0, 3)).toEqual([h(0), h(1), h(2)]);
      expect(await s.hashesAt(4, 0, 5)).toEqual([h(9)]);
      expect((await s.entriesByEventId('ni:///sha-256;2')).map((e) => e.index)).toEqual([2]);
      await expect(s.appendEntries([entry(5)], [])).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await s.size()).toBe(3);
    });

    it('reads entries at given indexes and keeps a trace index behind a watermark', async () => {
      const s = await open();
      await s.migrate();
      await s.appendEntries([0, 1, 2, 3].map(entry), []);
      expect((await s.entriesAt([3, 1, 1, 9, -1])).map((e) => e.index)).toEqual([1, 3]);
      expect(await s.entriesAt([])).toEqual([]);
      expect(await s.traceIndexed()).toBe(0);
      const links = [
        { key: 'lot:a', index: 0, role: 0, time: 10 },
        { key: 'lot:b', index: 1, role: 3, time: 20 },
        { key: 'lot:a', index: 1, role: 4, time: 20 },
      ];
      expect(await s.addTraceLinks(0, 2, links)).toBe(true);
      // A second indexer that started from the same watermark writes nothing.
      expect(await s.addTraceLinks(0, 2, [{ key: 'lot:z', index: 0, role: 0, time: 1 }])).toBe(false);
      expect(await s.traceIndexed()).toBe(2);
      expect(await s.traceLinks(['lot:a', 'lot:z', 'lot:a'])).toEqual([links[0], links[2]]);
      expect(await s.traceLinks([])).toEqual([]);
      expect(await s.addTraceLinks(2, 4, [])).toBe(true);
      expect(await s.traceIndexed()).toBe(4);
    });

    it('keeps checkpoints newest first and updates their note', async () => {
      const s = await open();
      await s.migrate();
      const a = await s.addCheckpoint({ size: 1, root: h(1), note: 'a\n', createdAt: 1 });
      await s.addCheckpoint({ size: 2, root: h(2), note: 'b\n', createdAt: 2 });
      await s.updateCheckpointNote(a.id, 'a2\n');
      const list = await s.listCheckpoints();
      expect(list.map((c) => [c.size, c.note])).toEqual([
        [2, 'b\n'],
        [1, 'a2\n'],
      ]);
      expect((await s.latestCheckpoint())?.size).toBe(2);
    });

    it('stores organisations, keys with validity, and meta', async () => {
      const s = await open();
      await s.migrate();
      await s.createOrg({ id: 'o1', name: 'acme', createdAt: 5 });
      await expect(s.createOrg({ id: 'o2', name: 'acme', createdAt: 6 })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await s.getOrg('acme')).toEqual({ id: 'o1', name: 'acme', createdAt: 5 });
      expect(await s.getOrg('o1')).toEqual({ id: 'o1', name: 'acme', createdAt: 5 });
      const key: LedgerKeyRecord = {
        owner: 'o1',
        keyId: 'abcd0123',
        kind: 'org',
        name: 'acme',
        algorithm: 1,
        publicKey: h(3),
        privateSeed: null,
        validFrom: 5,
        validUntil: null,
      };
      await s.putKey(key);
      await s.retireKey('o1', 'abcd0123', 9);
      expect(await s.getKey('o1', 'abcd0123')).toEqual({ ...key, validUntil: 9 });
      expect(await s.keysOf('o1')).toHaveLength(1);
      await s.setMeta('origin', 'x/y');
      expect(await s.getMeta('origin')).toBe('x/y');
      expect(await s.getMeta('nope')).toBeUndefined();
    });

    it('advances witness state only from the expected size', async () => {
      const s = await open();
      await s.migrate();
      const st = { witness: 'w', origin: 'log', size: 5, root: h(5), note: 'n\n', updatedAt: 1 };
      expect(await s.setWitnessState(st, 3)).toBe(false);
      expect(await s.setWitnessState(st, 0)).toBe(true);
      expect(await s.setWitnessState({ ...st, size: 9 }, 0)).toBe(false);
      expect(await s.setWitnessState({ ...st, size: 9, root: h(9) }, 5)).toBe(true);
      expect(await s.witnessState('w', 'log')).toMatchObject({ size: 9, root: h(9) });
    });
  });
}
