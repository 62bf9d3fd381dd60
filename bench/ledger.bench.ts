/**
 * Ledger benchmark: signed appends/s, proof generation/s, proof verifications/s and proof size vs
 * log size, each next to a baseline measured in the same run (raw SHA-256 + Ed25519 signing, raw
 * SQLite inserts, raw SHA-256 node hashing).
 *   npm run bench -- ledger [--n 50000] [--scale 1000000] [--json]
 */
import { hash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock } from '../src/core/index.js';
import {
  CompactRange,
  canonicalJson,
  type EpcisEvent,
  ed25519Generate,
  ed25519Sign,
  fromHex,
  inclusionPlan,
  Ledger,
  leafHash,
  TILE_HEIGHT,
  verifyInclusion,
} from '../src/ledger/index.js';
import { SqliteLedgerStore } from '../src/store/sqlite/ledger-sqlite.js';
import { type BenchRow, printRows } from './lib/table.js';

function event(i: number): EpcisEvent {
  return {
    type: 'ObjectEvent',
    eventTime: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
    eventTimeZoneOffset: '+00:00',
    epcList: [`urn:epc:id:sgtin:4012345.011111.${i}`],
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
  } as EpcisEvent;
}

function rate(n: number, ms: number): number {
  return (n / ms) * 1000;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

export async function run(args: string[]): Promise<void> {
  const nArg = args.indexOf('--n');
  const n = nArg >= 0 ? Number(args[nArg + 1]) : 50_000;
  const dir = mkdtempSync(join(tmpdir(), 'xinzhi-ledger-bench-'));
  const rows: BenchRow[] = [];
  try {
    const events = Array.from({ length: n }, (_, i) => event(i));

    // Baseline 1: what each signed append must do at minimum — SHA-256 of the entry and one Ed25519 signature.
    const key = ed25519Generate();
    const sample = events.slice(0, Math.min(n, 20_000)).map((e) => Buffer.from(canonicalJson(e)));
    const raw = time(() => {
      for (const m of sample) {
        ed25519Sign(key.privateKeyObject, m);
        hash('sha256', m, 'buffer');
      }
    });
    const rawSign = rate(sample.length, raw.ms);

    // Baseline 2: raw SQLite inserts of rows the size of a ledger entry, batched like the ledger.
    const rawDb = new Database(join(dir, 'raw.db'));
    rawDb.pragma('journal_mode = WAL');
    rawDb.pragma('synchronous = NORMAL');
    rawDb.exec(
      'CREATE TABLE t (idx INTEGER PRIMARY KEY, h BLOB, leaf BLOB, a TEXT, b TEXT, c TEXT, d INTEGER)',
    );
    const ins = rawDb.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)');
    const leafBytes = Buffer.alloc(900, 1);
    const h32 = Buffer.alloc(32, 2);
    const rawIns = time(() => {
      for (let s = 0; s < n; s += 5000) {
        rawDb.transaction(() => {
          for (let i = s; i < Math.min(n, s + 5000); i++)
            ins.run(i, h32, leafBytes, 'ni:///x', 'org', 'key', i);
        })();
      }
    });
    rawDb.close();
    const rawInsert = rate(n, rawIns.ms);

    // Signed appends through the ledger (validation done by the caller; event hash, JCS, signature,
    // leaf hash, tile nodes, SQLite), once signing inline and once with the signing worker.
    const appendRun = async (file: string, signingWorkers: number) => {
      const db = new Database(join(dir, file));
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const ledger = await Ledger.open(
        { store: new SqliteLedgerStore(db), clock: systemClock },
        { signingWorkers },
      );
      await ledger.createOrg('bench');
      const app = await timeAsync(() => ledger.append('bench', events));
      await ledger.close();
      return { db, ledger, rate: rate(n, app.ms) };
    };
    const inline = await appendRun('inline.db', 0);
    inline.db.close();
    const { db, ledger, rate: appendRate } = await appendRun('ledger.db', 1);
    rows.push({
      name: 'signed appends (1 signing worker)',
      value: appendRate,
      unit: 'entries/s',
      baseline: { name: 'raw SHA-256 + Ed25519 sign', value: rawSign },
      ratio: appendRate / rawSign,
      goal: '≥ 20,000 entries/s',
      pass: appendRate >= 20_000,
      notes: `${n} events in batches of 5000; raw SQLite insert of the same row count: ${Math.round(rawInsert).toLocaleString('en-US')} rows/s`,
    });
    rows.push({
      name: 'signed appends (inline signing)',
      value: inline.rate,
      unit: 'entries/s',
      baseline: { name: 'raw SHA-256 + Ed25519 sign', value: rawSign },
      ratio: inline.rate / rawSign,
      goal: '≥ 20,000 entries/s',
      pass: inline.rate >= 20_000,
    });
    const cp = await ledger.checkpoint();
    const root = fromHex(cp.root)!;

    // Proof generation: random indexes against the checkpoint (tile cache warm after the first pass).
    const proofsN = 20_000;
    const idx = Array.from({ length: proofsN }, (_, i) => (i * 7919) % n);
    const leafHashes = await ledger.store.hashesAt(0, 0, n);
    const gen = await timeAsync(async () => {
      const out: Buffer[][] = [];
      for (const i of idx) out.push(await ledger.reader.elements(inclusionPlan(i, n)));
      return out;
    });
    const proofs = gen.value;
    const nodeRate = time(() => {
      const a = Buffer.alloc(65, 1);
      for (let i = 0; i < 200_000; i++) hash('sha256', a, 'buffer');
    });
    const rawNodes = rate(200_000, nodeRate.ms);
    const genRate = rate(proofsN, gen.ms);
    const pointRead = db.prepare('SELECT leaf_hash FROM ledger_entries WHERE idx = ?').pluck();
    const reads = time(() => {
      for (const i of idx) pointRead.get(i);
    });
    const readRate = rate(proofsN, reads.ms);
    rows.push({
      name: 'inclusion proof generation',
      value: genRate,
      unit: 'proofs/s',
      baseline: { name: 'raw SQLite point read of one leaf hash', value: readRate },
      ratio: genRate / readRate,
      goal: 'report (no goal set)',
      pass: true,
      notes: `log of ${n}; tiles of 16 hashes cached with their internal levels (first touch reads the tile)`,
    });

    // Verification: RFC 9162 §2.1.3.2, pure function.
    let okCount = 0;
    const ver = time(() => {
      for (let r = 0; r < 5; r++) {
        for (let k = 0; k < proofsN; k++) {
          const i = idx[k]!;
          if (verifyInclusion({ index: i, size: n, leafHash: leafHashes[i]!, proof: proofs[k]!, root }))
            okCount++;
        }
      }
    });
    if (okCount !== proofsN * 5) throw new Error(`only ${okCount} of ${proofsN * 5} proofs verified`);
    const verRate = rate(proofsN * 5, ver.ms);
    const depth = Math.ceil(Math.log2(n));
    rows.push({
      name: 'inclusion proof verification',
      value: verRate,
      unit: 'verifications/s',
      baseline: { name: `raw SHA-256 / ${depth} (proof depth)`, value: rawNodes / depth },
      ratio: verRate / (rawNodes / depth),
      goal: '≥ 100,000 verifications/s',
      pass: verRate >= 100_000,
      notes: `log of ${n} (proof length ≈ ${depth}); every proof checked`,
    });

    // Proof size vs log size: RFC 9162 paths are ⌈log2 n⌉ hashes at most.
    for (const size of [1_000, 65_536, 1_000_000, 1_000_000_000]) {
      const lens = [0, Math.floor(size / 3), size - 1].map((i) => inclusionPlan(i, size).length);
      const max = Math.max(...lens);
      rows.push({
        name: `proof size at n=${size.toLocaleString('en-US')}`,
        value: max * 32,
        unit: 'bytes',
        baseline: { name: '32·⌈log2 n⌉', value: 32 * Math.ceil(Math.log2(size)) },
        ratio: max / Math.ceil(Math.log2(size)),
        goal: '≤ 32·⌈log2 n⌉',
        pass: max <= Math.ceil(Math.log2(size)),
      });
    }
    db.close();

    // Optional scale check (--scale N, e.g. 1000000): N synthetic leaves written through the
    // LedgerStore in 50k batches, then the time to reopen (O(log N) tile reads) and to prove.
    const scaleArg = args.indexOf('--scale');
    if (scaleArg >= 0) {
      const big = Number(args[scaleArg + 1]);
      const sdb = new Database(join(dir, 'scale.db'));
      sdb.pragma('journal_mode = WAL');
      sdb.pragma('synchronous = NORMAL');
      const store = new SqliteLedgerStore(sdb);
      await store.migrate();
      const range = new CompactRange();
      const fill = await timeAsync(async () => {
        for (let s = 0; s < big; s += 50_000) {
          const nodes: { level: number; index: number; hash: Buffer }[] = [];
          const entries = [];
          for (let i = s; i < Math.min(big, s + 50_000); i++) {
            const leaf = Buffer.from(`{"index":${i}}`);
            const lh = leafHash(leaf);
            range.append(lh, (nd) => {
              if (nd.level % TILE_HEIGHT === 0) nodes.push(nd);
            });
            entries.push({ index: i, leafHash: lh, leaf, eventId: '', orgId: '', keyId: '', recordedAt: 0 });
          }
          await store.appendEntries(entries, nodes);
        }
      });
      const open = await timeAsync(() => Ledger.open({ store, clock: systemClock }));
      const big2 = open.value;
      const proofs = await timeAsync(async () => {
        for (let k = 0; k < 2000; k++) await big2.reader.elements(inclusionPlan((k * 104729) % big, big));
      });
      rows.push({
        name: `scale: ${big.toLocaleString('en-US')} leaves stored`,
        value: rate(big, fill.ms),
        unit: 'leaves/s',
        baseline: { name: 'raw SQLite insert', value: rawInsert },
        ratio: rate(big, fill.ms) / rawInsert,
        goal: 'report',
        pass: (await big2.rootAt(big)).equals(range.root()),
        notes: `reopen (tree head from stored tiles) ${open.ms.toFixed(0)} ms; ${rate(2000, proofs.ms).toFixed(0)} proofs/s at this size (cold tile cache)`,
      });
      sdb.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printRows('ledger', rows, args);
}
