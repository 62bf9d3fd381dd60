/**
 * What every Store must do for typed collections and for migration 7 (namespaces renamed), run by
 * the SQLite and the PostgreSQL store tests alike.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { XinzhiError } from '../../core/index.js';
import type { Store } from '../store.js';
import { defineCollection } from './define-collection.js';
import { DOC_NAMESPACES } from './namespaces.js';

const Thing = z.looseObject({ id: z.string().min(1), size: z.number().int().min(0) });
const things = defineCollection(DOC_NAMESPACES.planningPlans, Thing);

async function failure(p: Promise<unknown>): Promise<XinzhiError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(XinzhiError);
  return e as XinzhiError;
}

/** Typed collections over a fresh, migrated store from `open`. */
export function runCollectionConformance(name: string, open: () => Store | Promise<Store>): void {
  describe(`typed collections: ${name}`, () => {
    let store: Store | undefined;
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    it('round-trips a valid document, keeping fields the schema does not name', async () => {
      store = await open();
      await things.put(store, 'a', { id: 'a', size: 2, extra: ['kept'] });
      expect(await things.get(store, 'a')).toEqual({ id: 'a', size: 2, extra: ['kept'] });
      expect(await store.getDoc(DOC_NAMESPACES.planningPlans, 'a')).toEqual({
        id: 'a',
        size: 2,
        extra: ['kept'],
      });
      expect(await things.get(store, 'b')).toBeUndefined();
      expect(await things.has(store, 'a')).toBe(true);
      await things.delete(store, 'a');
      expect(await things.has(store, 'a')).toBe(false);
    });

    it('refuses to write a document that does not match, naming each field, and stores nothing', async () => {
      store = await open();
      const e = await failure(things.put(store, 'a', { id: '', size: -1 }));
      expect(e.code).toBe('BAD_INPUT');
      expect(e.message).toContain("'planning.plans'");
      expect(e.message).toMatch(/id: .*size: /);
      expect(await store.getDoc(DOC_NAMESPACES.planningPlans, 'a')).toBeUndefined();
    });

    it('reads a bad stored document as a STORE_FAILURE naming namespace, key and field', async () => {
      store = await open();
      await store.putDoc(DOC_NAMESPACES.planningPlans, 'bad/1', { id: 'x', size: 'huge' });
      await store.putDoc(DOC_NAMESPACES.planningPlans, 'bad/2', 'not an object');
      await things.put(store, 'good', { id: 'good', size: 1 });
      const e = await failure(things.get(store, 'bad/1'));
      expect(e.code).toBe('STORE_FAILURE');
      expect(e.message).toContain("'bad/1' in 'planning.plans'");
      expect(e.message).toContain('size');
      expect(e.field).toBe('planning.plans/bad/1');
      expect((await failure(things.get(store, 'bad/2'))).message).toContain('(document)');
      expect((await failure(things.list(store))).code).toBe('STORE_FAILURE');
      const bad: string[] = [];
      const ok = await things.listValid(store, (err, key) => bad.push(`${key} ${err.code}`));
      expect(ok).toEqual([{ key: 'good', doc: { id: 'good', size: 1 } }]);
      expect(bad).toEqual(['bad/1 STORE_FAILURE', 'bad/2 STORE_FAILURE']);
      expect(await things.list(store, 'good')).toEqual([{ key: 'good', doc: { id: 'good', size: 1 } }]);
    });
  });
}

/** A database at schema version 6 with documents written straight into its `docs` table. */
export interface DatabaseAtVersion6 {
  putRaw(ns: string, key: string, doc: unknown): Promise<void>;
  /** Migrates to the newest schema by opening the store. */
  open(): Promise<Store>;
}

/** Migration 7 moves the documents of version 6's namespaces and leaves others alone. */
export function runNamespaceMigrationCase(name: string, at6: () => Promise<DatabaseAtVersion6>): void {
  describe(`migration 7 (document namespaces): ${name}`, () => {
    let store: Store | undefined;
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    it('renames every old namespace, strips the kind prefixes and keeps the rest', async () => {
      const db = await at6();
      const old: Array<[string, string]> = [
        ['plans', 'p1'],
        ['logistics', 'plan/d1'],
        ['logistics', 'note'],
        ['agri.fields', 'farm/north'],
        ['rul-mappings', 'plant/m1'],
        ['monitoring.rules', 'plant/m1/temp'],
        ['alarms', 'plant/m1/temp|high'],
        ['control', 'loop/TIC-1'],
        ['control', 'audit/TIC-1/000000000000001-000000'],
        ['ingest.import', '7'],
        ['ingest.import.sha256', 'abc'],
        ['runs', 'r1'],
        ['run-models', 'r1'],
        ['model-registry', 'oven'],
        ['mqtt.client-ids', 'dev_1'],
        ['custom', 'x'],
      ];
      for (const [ns, key] of old) await db.putRaw(ns, key, { ns, key });
      store = await db.open();
      const now: Array<[string, string, string, string]> = [
        ['planning.plans', 'p1', 'plans', 'p1'],
        ['logistics.plans', 'd1', 'logistics', 'plan/d1'],
        ['logistics', 'note', 'logistics', 'note'],
        ['agriculture.fields', 'farm/north', 'agri.fields', 'farm/north'],
        ['maintenance.rul-mappings', 'plant/m1', 'rul-mappings', 'plant/m1'],
        ['monitoring.rules', 'plant/m1/temp', 'monitoring.rules', 'plant/m1/temp'],
        ['monitoring.alarms', 'plant/m1/temp|high', 'alarms', 'plant/m1/temp|high'],
        ['control.loops', 'TIC-1', 'control', 'loop/TIC-1'],
        ['control.audit', 'TIC-1/000000000000001-000000', 'control', 'audit/TIC-1/000000000000001-000000'],
        ['ingest.imports', '7', 'ingest.import', '7'],
        ['ingest.import-hashes', 'abc', 'ingest.import.sha256', 'abc'],
        ['runs.records', 'r1', 'runs', 'r1'],
        ['runs.models', 'r1', 'run-models', 'r1'],
        ['runs.registry', 'oven', 'model-registry', 'oven'],
        ['auth.mqtt-client-ids', 'dev_1', 'mqtt.client-ids', 'dev_1'],
        ['custom', 'x', 'custom', 'x'],
      ];
      for (const [ns, key, oldNs, oldKey] of now)
        expect(await store.getDoc(ns, key), `${ns} ${key}`).toEqual({ ns: oldNs, key: oldKey });
      for (const ns of ['plans', 'agri.fields', 'control', 'alarms', 'runs', 'mqtt.client-ids'])
        expect(await store.listDocs(ns), ns).toEqual([]);
      expect((await store.listDocs('logistics')).map((d) => d.key)).toEqual(['note']);
    });
  });
}
