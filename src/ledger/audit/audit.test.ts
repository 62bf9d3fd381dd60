import { beforeEach, describe, expect, it } from 'vitest';
import { openLedger, sampleEvent } from '../test-support.fixture.js';

/** A 40-entry log with checkpoints after every 10 entries; tests then tamper with SQLite directly. */
async function setup() {
  const ctx = await openLedger();
  await ctx.ledger.createOrg('acme');
  for (let b = 0; b < 4; b++) {
    await ctx.ledger.append(
      'acme',
      Array.from({ length: 10 }, (_, i) => sampleEvent(b * 10 + i)),
    );
    await ctx.ledger.checkpoint();
  }
  return ctx;
}

describe('audit catches direct database tampering', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    ctx = await setup();
  });

  it('an untouched log audits clean', async () => {
    const r = await ctx.ledger.audit();
    expect(r).toMatchObject({ ok: true, entries: 40, checkpoints: 4, first: null });
  });

  it('modified: an entry rewritten in place (bytes and leaf hash both updated)', async () => {
    const row = ctx.db.prepare('SELECT leaf FROM ledger_entries WHERE idx = 17').get() as { leaf: Buffer };
    const forged = Buffer.from(row.leaf.toString('utf8').replace('shipping', 'receiving'));
    const { leafHash } = await import('../merkle/hash.js');
    ctx.db
      .prepare('UPDATE ledger_entries SET leaf = ?, leaf_hash = ? WHERE idx = 17')
      .run(forged, leafHash(forged));
    const r = await ctx.ledger.audit();
    expect(r.ok).toBe(false);
    expect(r.first).toMatchObject({ index: 17, kind: 'modified' });
    expect(r.problems.some((p) => p.kind === 'checkpoint' && p.index === 10)).toBe(true);
  });

  it('deleted: a row removed, and a row removed with later rows renumbered', async () => {
    ctx.db.prepare('DELETE FROM ledger_entries WHERE idx = 23').run();
    expect((await ctx.ledger.audit()).first).toMatchObject({ index: 23, kind: 'deleted' });
    for (let i = 24; i < 40; i++)
      ctx.db.prepare('UPDATE ledger_entries SET idx = ? WHERE idx = ?').run(i - 1, i);
    const r = await ctx.ledger.audit();
    expect(r.first).toMatchObject({ index: 23, kind: 'deleted' });
    expect(r.entries).toBe(39);
  });

  it('inserted: a copy of an earlier entry slipped in at index 12', async () => {
    for (let i = 39; i >= 12; i--)
      ctx.db.prepare('UPDATE ledger_entries SET idx = ? WHERE idx = ?').run(i + 1, i);
    ctx.db
      .prepare(
        'INSERT INTO ledger_entries (idx, leaf_hash, leaf, event_id, org_id, key_id, recorded_at) SELECT 12, leaf_hash, leaf, event_id, org_id, key_id, recorded_at FROM ledger_entries WHERE idx = 3',
      )
      .run();
    const r = await ctx.ledger.audit();
    expect(r.first).toMatchObject({ index: 12, kind: 'inserted' });
  });

  it('reordered: two entries swapped', async () => {
    ctx.db.prepare('UPDATE ledger_entries SET idx = -1 WHERE idx = 31').run();
    ctx.db.prepare('UPDATE ledger_entries SET idx = 31 WHERE idx = 32').run();
    ctx.db.prepare('UPDATE ledger_entries SET idx = 32 WHERE idx = -1').run();
    const r = await ctx.ledger.audit();
    expect(r.first).toMatchObject({ index: 31, kind: 'reordered' });
  });

  it('a fully consistent rewrite (bytes, hashes and indexes) is still caught by the checkpoints', async () => {
    const rows = ctx.db
      .prepare('SELECT idx, leaf FROM ledger_entries WHERE idx >= 25 ORDER BY idx')
      .all() as {
      idx: number;
      leaf: Buffer;
    }[];
    ctx.db.prepare('DELETE FROM ledger_entries WHERE idx >= 25').run();
    const { leafHash } = await import('../merkle/hash.js');
    // Drop entry 25 and re-append the rest with their index fields rewritten, as a careful attacker would.
    for (const row of rows.slice(1)) {
      const e = JSON.parse(row.leaf.toString('utf8'));
      e.index = row.idx - 1;
      const { canonicalJson } = await import('../events/canonical-json.js');
      const leaf = Buffer.from(canonicalJson(e));
      ctx.db
        .prepare(
          "INSERT INTO ledger_entries (idx, leaf_hash, leaf, event_id, org_id, key_id, recorded_at) VALUES (?, ?, ?, '', '', '', 0)",
        )
        .run(row.idx - 1, leafHash(leaf), leaf);
    }
    const r = await ctx.ledger.audit();
    expect(r.ok).toBe(false);
    expect(r.problems.find((p) => p.kind === 'checkpoint')).toMatchObject({ index: 20 });
  });
});
